import { Worker } from 'node:worker_threads';
import {
  newQuickJSWASMModuleFromVariant,
  newVariant,
  RELEASE_SYNC,
  type QuickJSContext,
} from 'quickjs-emscripten';

/**
 * Transformations: a connection's `rules.transformCode` rewrites each event's request before
 * delivery, or drops the event.
 *
 * Accepted source forms (a global script, evaluated once per code and kept):
 * - a script whose completion value is a function: `(request) => { ...; return request; }`,
 *   `function (request) { ... }` in parentheses, or helpers followed by such an expression;
 * - otherwise a script declaring a top-level `transform` function: `function transform(request)
 *   { ... }`, or `const|let|var transform = (request) => ...`.
 * The function is called with `{ body, headers, path, query }` and returns that request (changed
 * or not, or a new object with at least `body` and `headers`), or null to drop the event. It is
 * synchronous: a returned Promise is an error, and Promise callbacks never run. Top-level state
 * lives as long as the compiled code stays cached, so it may or may not be seen by later events.
 *
 * The code runs in QuickJS compiled to WebAssembly, inside a worker thread: no require, process,
 * fetch, timers, filesystem or network; data crosses as JSON strings. Limits:
 * - memory: each compiled transform has its own WASM memory, capped. QuickJS's own
 *   runtime.setMemoryLimit() is set too but in this build only refuses single allocations larger
 *   than the limit (nothing accumulates, see transform-worker.mjs);
 * - time: the QuickJS deadline, checked between operations;
 * - wall clock: the main thread terminates the worker when an answer is late, because the deadline
 *   is not checked inside long built-ins (a deeply nested JSON.stringify ran for seconds).
 *
 * validateTransformCode is a synchronous syntax check in the main thread; a runner's `validate`
 * also runs the top level in the sandbox. Importing this module loads two QuickJS instances for
 * the former (top-level await, ~30 ms).
 */

/** JSON data only: it crosses into the sandbox as a JSON string. Matches FilterRequest. */
export interface TransformRequest {
  body: unknown;
  headers: Record<string, string>;
  path: string;
  query: Record<string, string | string[]>;
}

export type TransformResult =
  | { kind: 'ok'; request: TransformRequest }
  | { kind: 'dropped' }
  | { kind: 'error'; message: string };

/**
 * line and column are 1-based, in the user's code, columns in UTF-16 units as editors count them;
 * the message does not repeat them.
 */
export type TransformValidation = { ok: true } | { ok: false; message: string; line?: number; column?: number };

export interface TransformRunnerOptions {
  /**
   * Growth allowed to one compiled transform's WASM memory beyond the fixed 16 MiB it starts with
   * (the C stack, QuickJS itself and ~11 MB of free heap). Covers the request, the code, its state
   * and the result. Default 16 MiB; past it the event fails with "out of memory".
   */
  memoryLimitBytes?: number;
  /** Per event, including the first event's compile. Default 100 ms; past it the event fails. */
  timeLimitMs?: number;
  /**
   * Wall-clock bound per event seen from the main thread; past it the worker is terminated, the
   * event fails and a new worker serves the queue. Default timeLimitMs + 400.
   */
  hardTimeLimitMs?: number;
  /**
   * Compiled transforms kept (LRU), each with its own WASM instance, runtime and context (~0.2 MB
   * when idle; an entry keeps its memory's high-water mark, and the worker drops entries beyond
   * 256 MiB in all). A miss costs ~5 ms. Default 32.
   */
  cacheSize?: number;
}

export interface TransformRunner {
  /**
   * Queued: one event at a time. Never rejects; failures, including a worker killed for this
   * event, come back as `kind: 'error'`. Events queued behind a killed one run on the new worker.
   * `scope` (a connection id) keeps the top-level state of equal code apart between owners.
   */
  run(code: string, request: TransformRequest, scope?: string): Promise<TransformResult>;
  /**
   * More than validateTransformCode: also runs the top level once in the sandbox, under the same
   * limits, and checks that it defines a function.
   */
  validate(code: string): Promise<TransformValidation>;
  /** Queued and running events end with an error; later calls get an error at once. */
  close(): Promise<void>;
}

/** Mirrors the typedefs in transform-worker.mjs. */
type WorkerJob = { type: 'run'; code: string; input: string; scope: string } | { type: 'validate'; code: string };
type WorkerReply =
  | { id: number; ok: true; output?: string }
  | { id: number; ok: false; message: string; line?: number; column?: number; fatal?: true };
type WorkerMessage = WorkerReply | { type: 'ready' };
type Failure = Extract<WorkerReply, { ok: false }>;

interface Job {
  message: WorkerJob;
  settle(reply: WorkerReply): void;
}

interface WorkerSlot {
  thread: Worker;
  ready: boolean;
  startTimer: NodeJS.Timeout;
}

const MIB = 1024 * 1024;
const DEFAULTS = { memoryLimitBytes: 16 * MIB, timeLimitMs: 100, hardTimeLimitGraceMs: 400, cacheSize: 32 };
/** A worker is ready in ~100 ms (thread start, WASM compile, warm-up); far longer means it never will be. */
const WORKER_START_TIMEOUT_MS = 10_000;
/**
 * QuickJS stops recursion at its own stack limit only if V8's stack for the worker's WASM frames
 * is larger still; measured: 256 KiB against V8's 4 MB is safe, 512 KiB is not. Past V8's limit
 * the WASM module is unusable and the worker is replaced.
 */
const QUICKJS_STACK_BYTES = 256 * 1024;
const WORKER_STACK_MB = 4;
const workerUrl = new URL('./transform-worker.mjs', import.meta.url);

const failure = (id: number, message: string): Failure => ({ id, ok: false, message });

export function createTransformRunner(options: TransformRunnerOptions = {}): TransformRunner {
  const memoryLimitBytes = options.memoryLimitBytes ?? DEFAULTS.memoryLimitBytes;
  const timeLimitMs = options.timeLimitMs ?? DEFAULTS.timeLimitMs;
  const hardTimeLimitMs = options.hardTimeLimitMs ?? timeLimitMs + DEFAULTS.hardTimeLimitGraceMs;
  const cacheSize = options.cacheSize ?? DEFAULTS.cacheSize;
  if (!(memoryLimitBytes >= MIB / 4)) throw new RangeError(`memoryLimitBytes must be at least ${MIB / 4}`);
  if (!(timeLimitMs > 0)) throw new RangeError('timeLimitMs must be positive');
  if (!(hardTimeLimitMs > timeLimitMs)) throw new RangeError('hardTimeLimitMs must exceed timeLimitMs');
  if (!Number.isInteger(cacheSize) || cacheSize < 1) throw new RangeError('cacheSize must be an integer >= 1');
  const limits = { memoryLimitBytes, timeLimitMs, maxStackSizeBytes: QUICKJS_STACK_BYTES, cacheSize };

  const queue: Job[] = [];
  const terminations = new Set<Promise<number>>();
  let worker: WorkerSlot | undefined;
  let current: { id: number; job: Job; timer: NodeJS.Timeout } | undefined;
  let nextId = 1;
  let closed = false;

  function retire(slot: WorkerSlot): void {
    clearTimeout(slot.startTimer);
    if (worker === slot) worker = undefined;
    // Listeners stay attached but ignore a retired slot; an 'error' without a listener would throw.
    const termination = slot.thread.terminate();
    terminations.add(termination);
    void termination.finally(() => terminations.delete(termination));
  }

  /** The running event, or if the worker never came up the next queued one, ends with `message`. */
  function failCurrent(slot: WorkerSlot, message: string): void {
    if (current !== undefined) {
      const { id, job, timer } = current;
      clearTimeout(timer);
      current = undefined;
      job.settle(failure(id, message));
    } else if (!slot.ready) {
      // Otherwise a worker that cannot start would leave every queued event waiting for ever.
      queue.shift()?.settle(failure(0, message));
    }
  }

  function startWorker(): WorkerSlot {
    const thread = new Worker(workerUrl, {
      workerData: limits,
      // Not the parent's flags: under tsx they would load its loader into the worker too, ~70 ms more per start.
      execArgv: [],
      resourceLimits: { stackSizeMb: WORKER_STACK_MB },
    });
    const slot: WorkerSlot = {
      thread,
      ready: false,
      startTimer: setTimeout(() => gone(`transform sandbox did not start within ${WORKER_START_TIMEOUT_MS} ms`), WORKER_START_TIMEOUT_MS),
    };
    const gone = (message: string) => {
      if (worker !== slot) return;
      retire(slot);
      failCurrent(slot, message);
      pump();
    };
    thread.on('message', (message: WorkerMessage) => {
      if (worker !== slot) return;
      if ('type' in message) {
        slot.ready = true;
        clearTimeout(slot.startTimer);
      } else if (current !== undefined && current.id === message.id) {
        const { job, timer } = current;
        clearTimeout(timer);
        current = undefined;
        if (!message.ok && message.fatal) retire(slot);
        job.settle(message);
      }
      pump();
    });
    thread.on('error', (error) => gone(`transform sandbox failed: ${error.message}`));
    thread.on('exit', (code) => gone(`transform sandbox exited with code ${code}`));
    // An idle runner must not keep the process alive; a running event's timer does meanwhile.
    // After the listeners: attaching a 'message' listener refs the worker again.
    thread.unref();
    return slot;
  }

  function pump(): void {
    if (closed || current !== undefined || queue.length === 0) return;
    worker ??= startWorker();
    if (!worker.ready) return;
    const job = queue.shift();
    if (job === undefined) return;
    const id = nextId++;
    const slot = worker;
    const timer = setTimeout(() => {
      retire(slot);
      failCurrent(slot, `transform timed out: exceeded ${timeLimitMs} ms (stopped after ${hardTimeLimitMs} ms)`);
      pump();
    }, hardTimeLimitMs);
    current = { id, job, timer };
    slot.thread.postMessage({ id, ...job.message });
  }

  function submit(message: WorkerJob): Promise<WorkerReply> {
    if (closed) return Promise.resolve(failure(0, 'transform runner is closed'));
    return new Promise((settle) => {
      queue.push({ message, settle });
      pump();
    });
  }

  return {
    async run(code, request, scope = '') {
      let input: string;
      try {
        // Also the copy that keeps the caller's object unchanged whatever the transform does.
        input = JSON.stringify(request);
      } catch (error) {
        return { kind: 'error', message: `request is not JSON-serializable: ${error instanceof Error ? error.message : String(error)}` };
      }
      return toResult(await submit({ type: 'run', code, input, scope }), request);
    },

    async validate(code) {
      const reply = await submit({ type: 'validate', code });
      if (reply.ok) return { ok: true };
      const { message, line, column } = reply;
      return line === undefined || column === undefined ? { ok: false, message } : { ok: false, message, line, column };
    },

    async close() {
      closed = true;
      const pending = current === undefined ? queue.splice(0) : [current.job, ...queue.splice(0)];
      if (current !== undefined) clearTimeout(current.timer);
      current = undefined;
      for (const job of pending) job.settle(failure(0, 'transform runner is closed'));
      if (worker !== undefined) retire(worker);
      await Promise.all(terminations);
    },
  };
}

// The syntax checker: QuickJS in the main thread, compile only, so no user code runs here. Its
// parser can still exhaust V8's stack on deeply nested code before its own stack check fires (the
// margin depends on how deep the caller already is), which leaves that instance unusable: a spare
// is kept ready and replaced in the background.

/** Small so that QuickJS's own check usually fires first; still ~800 levels of parentheses. */
const CHECKER_STACK_BYTES = 32 * 1024;
/** Far above the 64 KiB connections allow; a larger string could not be copied into the checker. */
const CHECKER_MAX_CODE_BYTES = MIB;
const CHECKERS_KEPT = 2;

async function newChecker(): Promise<QuickJSContext> {
  // Capped like the sandbox: setMemoryLimit alone does not bound the total (see transform-worker.mjs).
  const memory = new WebAssembly.Memory({ initial: 256, maximum: 512 });
  const quickjs = await newQuickJSWASMModuleFromVariant(newVariant(RELEASE_SYNC, { wasmMemory: memory }));
  const runtime = quickjs.newRuntime();
  runtime.setMemoryLimit(16 * MIB);
  runtime.setMaxStackSize(CHECKER_STACK_BYTES);
  return runtime.newContext();
}

const checkers = await Promise.all(Array.from({ length: CHECKERS_KEPT }, newChecker));
let refilling = false;

function refillCheckers(): void {
  if (refilling || checkers.length >= CHECKERS_KEPT) return;
  refilling = true;
  newChecker().then(
    (checker) => {
      checkers.push(checker);
      refilling = false;
      refillCheckers();
    },
    // Loading worked at start; should it fail now, later checks say "try again" rather than loop.
    () => {
      refilling = false;
    },
  );
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
  if (checker === undefined) return { ok: false, message: 'transformCode could not be checked just now; try again' };
  let dumped: unknown;
  try {
    const result = checker.evalCode(code, 'transform.js', { type: 'global', compileOnly: true });
    if (!result.error) {
      result.value.dispose();
      return { ok: true };
    }
    dumped = checker.dump(result.error);
    result.error.dispose();
  } catch {
    checkers.shift();
    refillCheckers();
    return { ok: false, message: 'transformCode is nested too deeply' };
  }
  return describeSyntaxError(code, dumped);
}

function describeSyntaxError(code: string, dumped: unknown): TransformValidation {
  if (!isRecord(dumped) || typeof dumped.message !== 'string') return { ok: false, message: String(dumped) };
  const message = `${typeof dumped.name === 'string' ? dumped.name : 'Error'}: ${dumped.message}`;
  const at = typeof dumped.stack === 'string' ? /transform\.js:(\d+):(\d+)/.exec(dumped.stack) : null;
  if (at === null) return { ok: false, message };
  const line = Number(at[1]);
  return { ok: false, message, line, column: utf16Column(code, line, Number(at[2])) };
}

/** QuickJS counts columns in code points; editors and JavaScript strings count UTF-16 units. */
function utf16Column(code: string, line: number, column: number): number {
  const text = code.split('\n')[line - 1];
  if (text === undefined) return column;
  return Array.from(text).slice(0, column - 1).join('').length + 1;
}

const tokenPattern = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** RFC 9110 field-value characters; undici refuses others when sending. */
const fieldValuePattern = /^[\t\x20-\x7e\x80-\xff]*$/;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function toResult(reply: WorkerReply, original: TransformRequest): TransformResult {
  if (!reply.ok) {
    const { message, line, column } = reply;
    return { kind: 'error', message: line === undefined ? message : `${message} (line ${line}, column ${column})` };
  }
  if (reply.output === undefined) return { kind: 'error', message: 'transform sandbox sent no result' };
  let value: unknown;
  try {
    value = JSON.parse(reply.output);
  } catch {
    // Only possible if the sandbox's JSON.stringify was subverted.
    return { kind: 'error', message: 'the returned request is not JSON' };
  }
  if (value === null) return { kind: 'dropped' };
  const checked = checkReturnedRequest(value, original);
  return typeof checked === 'string' ? { kind: 'error', message: checked } : { kind: 'ok', request: checked };
}

/** The request to send, or why the returned value cannot be one. Unknown keys are dropped. */
function checkReturnedRequest(value: unknown, original: TransformRequest): TransformRequest | string {
  if (!isRecord(value)) return 'transform must return the request, or null to drop the event';
  if (!('body' in value)) return 'the returned request has no body (a body of undefined is not JSON)';
  if (!isRecord(value.headers)) return 'the returned request has no headers object';
  const headers: Record<string, string> = {};
  for (const [name, headerValue] of Object.entries(value.headers)) {
    if (!tokenPattern.test(name)) return `header name ${JSON.stringify(name)} is not a valid HTTP field name`;
    if (typeof headerValue !== 'string') return `header ${JSON.stringify(name)} must be a string, got ${typeof headerValue}`;
    if (!fieldValuePattern.test(headerValue)) return `header ${JSON.stringify(name)} has characters not allowed in HTTP`;
    headers[name] = headerValue;
  }
  const path = value.path ?? original.path;
  const query = value.query ?? original.query;
  if (typeof path !== 'string') return 'the returned request path must be a string';
  if (!isQuery(query)) return 'the returned request query must map names to strings or arrays of strings';
  return { body: value.body, headers, path, query };
}

function isQuery(value: unknown): value is TransformRequest['query'] {
  return (
    isRecord(value) &&
    Object.values(value).every(
      (entry) => typeof entry === 'string' || (Array.isArray(entry) && entry.every((item) => typeof item === 'string')),
    )
  );
}
