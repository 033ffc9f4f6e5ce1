import type { QuickJSContext } from 'quickjs-emscripten';
import { compileQuickJSWasm, describeThrown, FILENAME, MIB, newCappedRuntime } from './quickjs.ts';

// The syntax checker: QuickJS in the main thread, compile only, so no user code runs here. Its
// parser can still exhaust V8's stack on deeply nested code before its own stack check fires (the
// margin depends on how deep the caller already is), which leaves that instance unusable: a spare
// is kept ready and replaced in the background.

/**
 * line and column are 1-based, in the user's code, columns in UTF-16 units as editors count them;
 * the message does not repeat them.
 */
export type TransformValidation = { ok: true } | { ok: false; message: string; line?: number; column?: number };

/** Small so that QuickJS's own check usually fires first; still ~800 levels of parentheses. */
const CHECKER_STACK_BYTES = 32 * 1024;
/** Far above the 64 KiB connections allow; a larger string could not be copied into the checker. */
const CHECKER_MAX_CODE_BYTES = MIB;
const CHECKERS_KEPT = 2;

const checkers: QuickJSContext[] = [];
let wasmModule: WebAssembly.Module | undefined;
let filling: Promise<void> | undefined;

async function fill(): Promise<void> {
  wasmModule ??= await compileQuickJSWasm();
  while (checkers.length < CHECKERS_KEPT) {
    // Capped like the sandbox: setMemoryLimit alone does not bound the total (see newCappedRuntime).
    const { runtime } = await newCappedRuntime(wasmModule, { memoryLimitBytes: 16 * MIB, maxStackSizeBytes: CHECKER_STACK_BYTES });
    checkers.push(runtime.newContext());
  }
}

/**
 * Loads the checkers (~40 ms) so that validateTransformCode can answer: await it once at start.
 * Until then, and if loading fails later, checks answer "try again" and start loading.
 */
export function prepareSyntaxCheck(): Promise<void> {
  filling ??= fill().finally(() => {
    filling = undefined;
  });
  return filling;
}

function refill(): void {
  // A failure to load shows up as the "try again" answers; there is no caller to tell.
  prepareSyntaxCheck().catch(() => {});
}

/**
 * Synchronous syntax check of transformCode (about 0.1 ms for a small transform). It does not run
 * the code, so it cannot tell whether the code defines a function: a runner's `validate` can.
 */
export function validateTransformCode(code: string): TransformValidation {
  if (Buffer.byteLength(code) > CHECKER_MAX_CODE_BYTES) {
    return { ok: false, message: `transformCode is larger than ${CHECKER_MAX_CODE_BYTES} bytes` };
  }
  const checker = checkers[0];
  if (checker === undefined) {
    refill();
    return { ok: false, message: 'transformCode could not be checked just now; try again' };
  }
  let dumped: unknown;
  try {
    const result = checker.evalCode(code, FILENAME, { type: 'global', compileOnly: true });
    if (!result.error) {
      result.value.dispose();
      return { ok: true };
    }
    dumped = checker.dump(result.error);
    result.error.dispose();
  } catch {
    checkers.shift();
    refill();
    return { ok: false, message: 'transformCode is nested too deeply' };
  }
  if (typeof dumped !== 'object' || dumped === null || !('message' in dumped) || typeof dumped.message !== 'string') {
    return { ok: false, message: String(dumped) };
  }
  const name = 'name' in dumped && typeof dumped.name === 'string' ? dumped.name : 'Error';
  return { ok: false, ...describeThrown(code, name, dumped.message, 'stack' in dumped ? dumped.stack : undefined) };
}
