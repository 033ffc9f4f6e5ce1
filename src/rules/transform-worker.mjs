// @ts-check
/**
 * The sandbox host behind transform.ts, run in a worker thread so that the main thread can
 * terminate it when QuickJS's own deadline fails to stop a transform in time.
 *
 * Plain JavaScript rather than TypeScript: a worker does not inherit a TypeScript loader under
 * vitest, and `--import tsx` per worker would add its start-up cost to every replacement after a
 * timeout. The message shapes are mirrored by `WorkerJob` and `WorkerReply` in transform.ts.
 *
 * Each compiled transform gets its own instance of the QuickJS WASM module, with its own
 * WebAssembly.Memory capped at INITIAL_WASM_BYTES + memoryLimitBytes, and one runtime and context
 * in it, kept in an LRU keyed by the code. The cap is the real memory limit:
 * runtime.setMemoryLimit() in this build only refuses single allocations larger than the limit
 * (malloc_usable_size is 0 under Emscripten, so nothing accumulates: we kept 400 MB of 1 MB
 * typed arrays under a 16 MB limit; quickjs-emscripten issues #255 and #271).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import {
  newQuickJSWASMModuleFromVariant,
  newVariant,
  RELEASE_SYNC,
  shouldInterruptAfterDeadline,
} from 'quickjs-emscripten';

/**
 * @typedef {import('quickjs-emscripten').QuickJSRuntime} QuickJSRuntime
 * @typedef {import('quickjs-emscripten').QuickJSContext} QuickJSContext
 * @typedef {import('quickjs-emscripten').QuickJSHandle} QuickJSHandle
 * @typedef {{ memoryLimitBytes: number; timeLimitMs: number; maxStackSizeBytes: number; cacheSize: number }} SandboxLimits
 * @typedef {{ id: number; type: 'run'; code: string; input: string; scope: string } | { id: number; type: 'validate'; code: string }} WorkerJob
 * @typedef {{ id: number; ok: true; output?: string } | { id: number; ok: false; message: string; line?: number; column?: number; fatal?: true }} WorkerReply
 * @typedef {{ memory: WebAssembly.Memory; runtime: QuickJSRuntime; context: QuickJSContext; describe?: QuickJSHandle; reserve?: QuickJSHandle; call?: QuickJSHandle; transform?: QuickJSHandle }} Entry
 * @typedef {{ message: string; line?: number; column?: number }} Failure
 */

/** The name user code is compiled under: error locations in it are the user's own lines. */
const FILENAME = 'transform.js';

/**
 * Evaluated in each context before the user's code, so it holds the original JSON functions even
 * if the transform replaces them. An expression, not a global: user code cannot reach it. Data
 * crosses the boundary as JSON strings only.
 */
const CALL = `(() => {
  const { parse, stringify } = JSON;
  const { isArray } = Array;
  const NativeTypeError = TypeError;
  const describe = (value) => value === undefined ? 'undefined' : isArray(value) ? 'an array' : 'a ' + typeof value;
  return (transform, input) => {
    const result = transform(parse(input));
    if (result === null) return 'null';
    if (typeof result !== 'object' || isArray(result)) {
      throw new NativeTypeError('transform must return the request, or null to drop the event; it returned ' + describe(result));
    }
    if (typeof result.then === 'function') {
      throw new NativeTypeError('transform returned a Promise; async transforms are not supported');
    }
    try {
      return stringify(result);
    } catch (error) {
      if (error instanceof NativeTypeError) throw new NativeTypeError('the returned request is not JSON-serializable: ' + error.message);
      throw error;
    }
  };
})()`;

/**
 * Reads a thrown value inside the sandbox and returns a short JSON [name, message, stack]. Not
 * context.dump(): it copies a message out whole however long, and took 800 ms to dump a large
 * typed array.
 */
const DESCRIBE = `(() => {
  const { stringify } = JSON;
  const NativeString = String;
  const clip = (value, length) => typeof value === 'string' ? value.slice(0, length) : null;
  return (error) => typeof error === 'object' && error !== null && typeof error.message === 'string'
    ? stringify([clip(error.name, 100), clip(error.message, 1000), clip(error.stack, 4000)])
    : stringify([null, NativeString(error).slice(0, 1000), null]);
})()`;

/** A top-level binding, for code written as a declaration rather than an expression. */
const LOOKUP = `typeof transform === 'function' ? transform : undefined`;

const NO_FUNCTION =
  'transformCode must evaluate to a function, e.g. "(request) => request", or declare "function transform(request) { ... }"';

const MIB = 1024 * 1024;
const WASM_PAGE_BYTES = 65536;
/** The build's INITIAL_MEMORY: a smaller memory fails to link. It holds the C stack and static data too. */
const INITIAL_WASM_PAGES = 256;
/** Room in QuickJS's allocation limit for describing an error once the transform has used it up. */
const DESCRIBE_HEADROOM_BYTES = MIB;
/** Describing an error may call the transform's getters; after a timeout its deadline has passed. */
const DESCRIBE_TIME_MS = 20;
/**
 * Strings are copied into WASM memory through malloc, and quickjs-emscripten writes the copy even
 * when malloc returns 0, corrupting the instance. Code is small (connections allow 64 KiB) and goes
 * into a fresh instance; the request goes in only after RESERVE has shown that a block of its size
 * can be allocated (and freed it again, for the copy to reuse).
 */
const MAX_CODE_BYTES = MIB;
const RESERVE = `(() => {
  const NativeArrayBuffer = ArrayBuffer;
  return (bytes) => { new NativeArrayBuffer(bytes); };
})()`;

const limits = /** @type {SandboxLimits} */ (workerData);
const port = parentPort;
if (port === null) throw new Error('transform-worker.mjs must run in a worker thread');

const MEMORY_LIMIT_TEXT =
  limits.memoryLimitBytes % MIB === 0 ? `${limits.memoryLimitBytes / MIB} MiB` : `${limits.memoryLimitBytes} bytes`;
const maximumPages = INITIAL_WASM_PAGES + Math.ceil(limits.memoryLimitBytes / WASM_PAGE_BYTES);
/** Idle entries keep their memory's high-water mark; past this total the least recently used go. */
const cachedBytesBudget = Math.max(256 * MIB, 2 * maximumPages * WASM_PAGE_BYTES);

// Resolved from quickjs-emscripten's own location: the variant is its dependency, not ours.
const requireFromQuickJS = createRequire(createRequire(import.meta.url).resolve('quickjs-emscripten'));
/** Compiled once; each entry only instantiates it (about 4 ms). */
const wasmModule = await WebAssembly.compile(await readFile(requireFromQuickJS.resolve('@jitl/quickjs-wasmfile-release-sync/wasm')));

/** @type {Map<string, Entry>} */
const cache = new Map();

/** @param {Entry} entry */
function disposeEntry(entry) {
  for (const handle of [entry.transform, entry.call, entry.reserve, entry.describe]) if (handle?.alive) handle.dispose();
  entry.context.dispose();
  entry.runtime.dispose();
  // The module instance and its memory go with the last reference to them.
}

/**
 * QuickJS counts columns in code points; editors and JavaScript strings count UTF-16 units.
 * @param {string} code @param {number} line @param {number} column
 */
function utf16Column(code, line, column) {
  const text = code.split('\n')[line - 1];
  if (text === undefined) return column;
  return Array.from(text).slice(0, column - 1).join('').length + 1;
}

/**
 * Emscripten grows the memory by 5 to 20 % at a time, so a full memory can stop short of its cap.
 * @param {Entry} entry
 */
const memoryExhausted = (entry) => entry.memory.buffer.byteLength >= 0.9 * maximumPages * WASM_PAGE_BYTES;

/**
 * Consumes the handle. Resource limits get messages that name the limit: the plain QuickJS texts
 * ("interrupted") do not say what happened.
 * @param {Entry} entry @param {QuickJSHandle} handle @param {string} code
 * @returns {Failure}
 */
function describeError(entry, handle, code) {
  const { runtime, context, describe } = entry;
  const outOfMemory = { message: `transform ran out of memory: exceeded the ${MEMORY_LIMIT_TEXT} memory limit` };
  /** @type {unknown} */
  let parts;
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
    return memoryExhausted(entry) ? outOfMemory : { message: 'transform failed with an error that could not be read' };
  }
  const [name, message, stack] = parts;
  // With the memory full QuickJS cannot even allocate its error, and what is thrown is null.
  if (name === null) return message === 'null' && memoryExhausted(entry) ? outOfMemory : { message: `transform threw ${message}` };
  if (name === 'InternalError' && message === 'interrupted') {
    return { message: `transform timed out: exceeded ${limits.timeLimitMs} ms` };
  }
  if (name === 'InternalError' && message === 'out of memory') return outOfMemory;
  const at = typeof stack === 'string' ? /transform\.js:(\d+):(\d+)/.exec(stack) : null;
  if (at === null) return { message: `${name ?? 'Error'}: ${message}` };
  const line = Number(at[1]);
  return { message: `${name ?? 'Error'}: ${message}`, line, column: utf16Column(code, line, Number(at[2])) };
}

/**
 * Runs the top-level code once and keeps the function it defines. The deadline covers this too:
 * top-level code can loop as well as the function can.
 * @param {string} code @param {number} deadline
 * @returns {Promise<{ entry: Entry } | { failure: Failure }>}
 */
async function compile(code, deadline) {
  if (Buffer.byteLength(code) > MAX_CODE_BYTES) return { failure: { message: `transformCode is larger than ${MAX_CODE_BYTES} bytes` } };
  const memory = new WebAssembly.Memory({ initial: INITIAL_WASM_PAGES, maximum: maximumPages });
  const quickjs = await newQuickJSWASMModuleFromVariant(newVariant(RELEASE_SYNC, { wasmModule, wasmMemory: memory }));
  const runtime = quickjs.newRuntime();
  // Still worth setting: it refuses one huge allocation at once, before the memory grows.
  runtime.setMemoryLimit(limits.memoryLimitBytes);
  runtime.setMaxStackSize(limits.maxStackSizeBytes);
  runtime.setInterruptHandler(shouldInterruptAfterDeadline(deadline));
  const context = runtime.newContext();
  /** @type {Entry} */
  const entry = { memory, runtime, context };
  /** @param {QuickJSHandle} error */
  const fail = (error) => {
    const failure = describeError(entry, error, code);
    disposeEntry(entry);
    return { failure };
  };

  // Ours, so they only fail for a memory limit too small to hold them.
  for (const [key, source] of /** @type {const} */ ([['describe', DESCRIBE], ['reserve', RESERVE], ['call', CALL]])) {
    const evaluated = context.evalCode(source, `hookrelay-${key}.js`);
    if (evaluated.error) return fail(evaluated.error);
    entry[key] = evaluated.value;
  }
  const completion = context.evalCode(code, FILENAME);
  if (completion.error) return fail(completion.error);
  if (context.typeof(completion.value) === 'function') {
    entry.transform = completion.value;
    return { entry };
  }
  completion.value.dispose();
  const named = context.evalCode(LOOKUP, 'hookrelay-lookup.js');
  if (named.error) return fail(named.error);
  if (context.typeof(named.value) === 'function') {
    entry.transform = named.value;
    return { entry };
  }
  named.value.dispose();
  disposeEntry(entry);
  return { failure: { message: NO_FUNCTION } };
}

/**
 * Whether the input's UTF-8 copy can be allocated in the entry's memory: see RESERVE.
 * @param {Entry} entry @param {string} input
 */
function reserve(entry, input) {
  const { runtime, context } = entry;
  if (entry.reserve === undefined) return false;
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

/** Drops least recently used entries beyond the count, then beyond the memory budget. */
function trimCache() {
  let cachedBytes = 0;
  for (const entry of cache.values()) cachedBytes += entry.memory.buffer.byteLength;
  for (const [code, entry] of cache) {
    if (cache.size <= limits.cacheSize && cachedBytes <= cachedBytesBudget) break;
    cache.delete(code);
    cachedBytes -= entry.memory.buffer.byteLength;
    disposeEntry(entry);
  }
}

/** @param {string} code @param {number} deadline @param {string} key */
async function lookupOrCompile(code, deadline, key) {
  const cached = cache.get(key);
  if (cached !== undefined) {
    cache.delete(key);
    cache.set(key, cached);
    cached.runtime.setInterruptHandler(shouldInterruptAfterDeadline(deadline));
    return { entry: cached };
  }
  const compiled = await compile(code, deadline);
  if ('entry' in compiled) cache.set(key, compiled.entry);
  return compiled;
}

/**
 * @param {string} code @param {string} input
 * @param {string} scope who owns the compiled code's state: the same code of two connections
 *   (two tenants) must not share top-level variables.
 * @returns {Promise<{ output: string } | { failure: Failure }>}
 */
async function run(code, input, scope) {
  const deadline = Date.now() + limits.timeLimitMs;
  const key = `${scope}\u0000${code}`;
  let found = await lookupOrCompile(code, deadline, key);
  if ('entry' in found && !reserve(found.entry, input)) {
    // The transform's own state may be what fills the memory: a fresh compile starts empty.
    cache.delete(key);
    disposeEntry(found.entry);
    found = await lookupOrCompile(code, deadline, key);
    if ('entry' in found && !reserve(found.entry, input)) {
      cache.delete(key);
      disposeEntry(found.entry);
      return { failure: { message: `the request is too large for the ${MEMORY_LIMIT_TEXT} memory limit` } };
    }
  }
  if ('failure' in found) return found;
  const { entry } = found;
  const { context, call, transform } = entry;
  if (call === undefined || transform === undefined) throw new Error('compiled transform without its handles');
  const inputHandle = context.newString(input);
  const result = context.callFunction(call, context.undefined, transform, inputHandle);
  inputHandle.dispose();
  if (result.error) {
    // A failed run may have left the transform's globals half-updated, or its memory full: the
    // next event starts from a fresh compile.
    cache.delete(key);
    const failure = describeError(entry, result.error, code);
    disposeEntry(entry);
    return { failure };
  }
  let output;
  if (context.typeof(result.value) === 'string') {
    // QuickJS copies the string out through a UTF-8 buffer that counts against its limit.
    const length = context.getProp(result.value, 'length').consume((handle) => context.getNumber(handle));
    entry.runtime.setMemoryLimit(limits.memoryLimitBytes + 3 * length + DESCRIBE_HEADROOM_BYTES);
    output = context.getString(result.value);
    entry.runtime.setMemoryLimit(limits.memoryLimitBytes);
  }
  result.value.dispose();
  trimCache();
  if (output === undefined) return { failure: { message: 'the returned request is not JSON-serializable' } };
  // JSON.stringify of an object is never "": the copy did not fit in the sandbox's memory.
  if (output === '') return { failure: { message: 'the returned request is too large for the memory limit' } };
  return { output };
}

/** @param {WorkerJob} job @returns {Promise<WorkerReply>} */
async function handle(job) {
  try {
    if (job.type === 'validate') {
      const compiled = await compile(job.code, Date.now() + limits.timeLimitMs);
      if ('failure' in compiled) return { id: job.id, ok: false, ...compiled.failure };
      disposeEntry(compiled.entry);
      return { id: job.id, ok: true };
    }
    const outcome = await run(job.code, job.input, job.scope);
    if ('failure' in outcome) return { id: job.id, ok: false, ...outcome.failure };
    return { id: job.id, ok: true, output: outcome.output };
  } catch (error) {
    // An exception from the host side of QuickJS (e.g. V8's stack limit hit inside WASM) unwinds
    // without restoring the WASM stack pointer: nothing in this worker is to be trusted now.
    const reason = error instanceof Error ? error.message : String(error);
    return { id: job.id, ok: false, message: `transform sandbox failed: ${reason}`, fatal: true };
  }
}

// The first evaluation pays the WASM warm-up (about 20 ms); pay it before the first event's clock
// starts.
await handle({ id: 0, type: 'validate', code: '(request) => request' });

// The main thread sends one job at a time, but a chain keeps the jobs in order regardless.
let previous = Promise.resolve();
port.on('message', (/** @type {WorkerJob} */ job) => {
  previous = previous.then(async () => port.postMessage(await handle(job)));
});
port.postMessage({ type: 'ready' });
