import {
  shouldInterruptAfterDeadline,
  type QuickJSContext,
  type QuickJSHandle,
  type QuickJSRuntime,
} from 'quickjs-emscripten';
import { CALL, DESCRIBE, LOOKUP, RESERVE } from './prelude.ts';
import type { SandboxFailure, SandboxLimits } from './protocol.ts';
import { describeThrown, FILENAME, MIB, newCappedRuntime, wasmMemoryCapBytes } from './quickjs.ts';

// One compiled transform: its own WASM instance and memory, one runtime and context in it, the
// prelude's functions and the transform function.

interface Instance {
  memory: WebAssembly.Memory;
  runtime: QuickJSRuntime;
  context: QuickJSContext;
  describe?: QuickJSHandle;
  reserve?: QuickJSHandle;
  call?: QuickJSHandle;
}

export interface Entry extends Instance {
  describe: QuickJSHandle;
  reserve: QuickJSHandle;
  call: QuickJSHandle;
  transform: QuickJSHandle;
}

export type Compiled = { entry: Entry } | { failure: SandboxFailure };

const NO_FUNCTION =
  'transformCode must evaluate to a function, e.g. "(request) => request", or declare "function transform(request) { ... }"';
/** Room in QuickJS's allocation limit for describing an error once the transform has used it up. */
const DESCRIBE_HEADROOM_BYTES = MIB;
/** Describing an error may call the transform's getters; after a timeout its deadline has passed. */
const DESCRIBE_TIME_MS = 20;
/** Code is small (connections allow 64 KiB) and goes into a fresh instance: see RESERVE for why a bound. */
const MAX_CODE_BYTES = MIB;

export function disposeEntry(entry: Instance & { transform?: QuickJSHandle }): void {
  for (const handle of [entry.transform, entry.call, entry.reserve, entry.describe]) if (handle?.alive) handle.dispose();
  entry.context.dispose();
  entry.runtime.dispose();
  // The module instance and its memory go with the last reference to them.
}

export function createCompiler(limits: SandboxLimits, wasmModule: WebAssembly.Module) {
  const memoryLimitText =
    limits.memoryLimitBytes % MIB === 0 ? `${limits.memoryLimitBytes / MIB} MiB` : `${limits.memoryLimitBytes} bytes`;
  const outOfMemory = { message: `transform ran out of memory: exceeded the ${memoryLimitText} memory limit` };
  /** Emscripten grows the memory by 5 to 20 % at a time, so a full memory can stop short of its cap. */
  const memoryExhausted = (instance: Instance) =>
    instance.memory.buffer.byteLength >= 0.9 * wasmMemoryCapBytes(limits.memoryLimitBytes);

  /**
   * Consumes the handle. Resource limits get messages that name the limit: the plain QuickJS texts
   * ("interrupted") do not say what happened.
   */
  function describeError(instance: Instance, handle: QuickJSHandle, code: string): SandboxFailure {
    const { runtime, context, describe } = instance;
    let parts: unknown;
    if (describe !== undefined) {
      runtime.setMemoryLimit(limits.memoryLimitBytes + DESCRIBE_HEADROOM_BYTES);
      runtime.setInterruptHandler(shouldInterruptAfterDeadline(Date.now() + DESCRIBE_TIME_MS));
      const described = context.callFunction(describe, context.undefined, handle);
      if (described.error) described.error.dispose();
      else {
        if (context.typeof(described.value) === 'string') {
          try {
            parts = JSON.parse(context.getString(described.value));
          } catch {
            // getString gives "" when the copy out does not fit in the sandbox's memory.
          }
        }
        described.value.dispose();
      }
    }
    handle.dispose();
    if (!Array.isArray(parts)) {
      return memoryExhausted(instance) ? outOfMemory : { message: 'transform failed with an error that could not be read' };
    }
    const [name, message, stack]: unknown[] = parts;
    // With the memory full QuickJS cannot even allocate its error, and what is thrown is null.
    if (name === null) return message === 'null' && memoryExhausted(instance) ? outOfMemory : { message: `transform threw ${message}` };
    if (name === 'InternalError' && message === 'interrupted') {
      return { message: `transform timed out: exceeded ${limits.timeLimitMs} ms` };
    }
    if (name === 'InternalError' && message === 'out of memory') return outOfMemory;
    return describeThrown(code, typeof name === 'string' ? name : 'Error', String(message), stack);
  }

  /**
   * Runs the top-level code once and keeps the function it defines. The deadline covers this too:
   * top-level code can loop as well as the function can.
   */
  async function compile(code: string, deadline: number): Promise<Compiled> {
    if (Buffer.byteLength(code) > MAX_CODE_BYTES) return { failure: { message: `transformCode is larger than ${MAX_CODE_BYTES} bytes` } };
    const { memory, runtime } = await newCappedRuntime(wasmModule, limits);
    runtime.setInterruptHandler(shouldInterruptAfterDeadline(deadline));
    const instance: Instance = { memory, runtime, context: runtime.newContext() };
    const evaluate = (source: string, filename: string): QuickJSHandle | { failure: SandboxFailure } => {
      const evaluated = instance.context.evalCode(source, filename);
      if (!evaluated.error) return evaluated.value;
      const failure = describeError(instance, evaluated.error, code);
      disposeEntry(instance);
      return { failure };
    };

    // Ours, so they only fail for a memory limit too small to hold them.
    const describe = evaluate(DESCRIBE, 'hookrelay-describe.js');
    if ('failure' in describe) return describe;
    instance.describe = describe;
    const reserve = evaluate(RESERVE, 'hookrelay-reserve.js');
    if ('failure' in reserve) return reserve;
    instance.reserve = reserve;
    const call = evaluate(CALL, 'hookrelay-call.js');
    if ('failure' in call) return call;
    instance.call = call;

    // The completion value if it is a function, else a top-level `transform`.
    for (const [source, filename] of [[code, FILENAME], [LOOKUP, 'hookrelay-lookup.js']]) {
      const value = evaluate(source, filename);
      if ('failure' in value) return value;
      if (instance.context.typeof(value) === 'function') return { entry: { ...instance, describe, reserve, call, transform: value } };
      value.dispose();
    }
    disposeEntry(instance);
    return { failure: { message: NO_FUNCTION } };
  }

  /** Whether the input's UTF-8 copy can be allocated in the entry's memory: see RESERVE. */
  function reserve(entry: Entry, input: string): boolean {
    const { runtime, context } = entry;
    // QuickJS's own limit would refuse a request larger than it even where the memory has room.
    runtime.setMemoryLimit(-1);
    const bytes = context.newNumber(Buffer.byteLength(input) + 1);
    const reserved = context.callFunction(entry.reserve, context.undefined, bytes);
    bytes.dispose();
    runtime.setMemoryLimit(limits.memoryLimitBytes);
    const ok = !reserved.error;
    (reserved.error ?? reserved.value).dispose();
    return ok;
  }

  /**
   * Calls the transform on the JSON input. A thrown error discards the entry: the run may have
   * left the transform's globals half-updated, or its memory full, so the next event starts from
   * a fresh compile.
   */
  function call(entry: Entry, input: string, code: string): { output: string } | { failure: SandboxFailure; discarded?: true } {
    const { context, runtime } = entry;
    const inputHandle = context.newString(input);
    const result = context.callFunction(entry.call, context.undefined, entry.transform, inputHandle);
    inputHandle.dispose();
    if (result.error) {
      const failure = describeError(entry, result.error, code);
      disposeEntry(entry);
      return { failure, discarded: true };
    }
    let output: string | undefined;
    if (context.typeof(result.value) === 'string') {
      // QuickJS copies the string out through a UTF-8 buffer that counts against its limit.
      const length = context.getProp(result.value, 'length').consume((handle) => context.getNumber(handle));
      runtime.setMemoryLimit(limits.memoryLimitBytes + 3 * length + DESCRIBE_HEADROOM_BYTES);
      output = context.getString(result.value);
      runtime.setMemoryLimit(limits.memoryLimitBytes);
    }
    result.value.dispose();
    if (output === undefined) return { failure: { message: 'the returned request is not JSON-serializable' } };
    // JSON.stringify of an object is never "": the copy did not fit in the sandbox's memory.
    if (output === '') return { failure: { message: 'the returned request is too large for the memory limit' } };
    return { output };
  }

  return { compile, reserve, call, memoryLimitText };
}
