import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { newQuickJSWASMModuleFromVariant, newVariant, RELEASE_SYNC, type QuickJSRuntime } from 'quickjs-emscripten';
import type { SandboxFailure } from './protocol.ts';

// QuickJS set-up shared by the sandbox worker and the main thread's syntax checker.

export const MIB = 1024 * 1024;
/** The name user code is compiled under: error locations in it are the user's own lines. */
export const FILENAME = 'transform.js';
const LOCATION = /transform\.js:(\d+):(\d+)/;
const WASM_PAGE_BYTES = 65536;
/** The build's INITIAL_MEMORY: a smaller memory fails to link. It holds the C stack and static data too. */
const INITIAL_WASM_PAGES = 256;

export const wasmMemoryCapBytes = (memoryLimitBytes: number): number =>
  (INITIAL_WASM_PAGES + Math.ceil(memoryLimitBytes / WASM_PAGE_BYTES)) * WASM_PAGE_BYTES;

/** Compiled once per thread; each runtime only instantiates it (about 4 ms). */
export async function compileQuickJSWasm(): Promise<WebAssembly.Module> {
  // Resolved from quickjs-emscripten's own location: the variant is its dependency, not ours.
  const requireFromQuickJS = createRequire(createRequire(import.meta.url).resolve('quickjs-emscripten'));
  return WebAssembly.compile(await readFile(requireFromQuickJS.resolve('@jitl/quickjs-wasmfile-release-sync/wasm')));
}

/**
 * A runtime in its own instance of the WASM module, with its own WebAssembly.Memory capped at
 * wasmMemoryCapBytes(memoryLimitBytes). The cap is the real memory limit: runtime.setMemoryLimit()
 * in this build only refuses single allocations larger than the limit (malloc_usable_size is 0
 * under Emscripten, so nothing accumulates: we kept 400 MB of 1 MB typed arrays under a 16 MB
 * limit; quickjs-emscripten issues #255 and #271).
 */
export async function newCappedRuntime(
  wasmModule: WebAssembly.Module,
  limits: { memoryLimitBytes: number; maxStackSizeBytes: number },
): Promise<{ memory: WebAssembly.Memory; runtime: QuickJSRuntime }> {
  const memory = new WebAssembly.Memory({
    initial: INITIAL_WASM_PAGES,
    maximum: wasmMemoryCapBytes(limits.memoryLimitBytes) / WASM_PAGE_BYTES,
  });
  const quickjs = await newQuickJSWASMModuleFromVariant(newVariant(RELEASE_SYNC, { wasmModule, wasmMemory: memory }));
  const runtime = quickjs.newRuntime();
  // Still worth setting: it refuses one huge allocation at once, before the memory grows.
  runtime.setMemoryLimit(limits.memoryLimitBytes);
  runtime.setMaxStackSize(limits.maxStackSizeBytes);
  return { memory, runtime };
}

/** "Name: message", located in the user's code if the stack points into it. */
export function describeThrown(code: string, name: string, message: string, stack: unknown): SandboxFailure {
  const text = `${name}: ${message}`;
  const at = typeof stack === 'string' ? LOCATION.exec(stack) : null;
  if (at === null) return { message: text };
  const line = Number(at[1]);
  return { message: text, line, column: utf16Column(code, line, Number(at[2])) };
}

/** QuickJS counts columns in code points; editors and JavaScript strings count UTF-16 units. */
function utf16Column(code: string, line: number, column: number): number {
  const text = code.split('\n')[line - 1];
  if (text === undefined) return column;
  return Array.from(text).slice(0, column - 1).join('').length + 1;
}
