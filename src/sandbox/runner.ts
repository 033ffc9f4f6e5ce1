import type { Worker } from 'node:worker_threads';
import type { SandboxAnswer, SandboxLimits, SandboxTask, WorkerMessage } from './protocol.ts';
import { MIB } from './quickjs.ts';
import { toResult, toValidation } from './result.ts';
import { QUICKJS_STACK_BYTES, spawnSandboxWorker } from './spawn.ts';
import type { TransformValidation } from './syntax-check.ts';
import type { TransformRequest, TransformResult } from './types.ts';

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
 * The code runs in QuickJS compiled to WebAssembly, inside a worker thread (worker.ts): no
 * require, process, fetch, timers, filesystem or network; data crosses as JSON strings. Limits:
 * - memory: each compiled transform has its own WASM memory, capped. QuickJS's own
 *   runtime.setMemoryLimit() is set too but in this build only refuses single allocations larger
 *   than the limit (nothing accumulates, see newCappedRuntime in quickjs.ts);
 * - time: the QuickJS deadline, checked between operations;
 * - wall clock: the main thread terminates the worker when an answer is late, because the deadline
 *   is not checked inside long built-ins (a deeply nested JSON.stringify ran for seconds).
 *
 * validateTransformCode (syntax-check.ts) is a synchronous syntax check in the main thread; a
 * runner's `validate` also runs the top level in the sandbox.
 */
export function createTransformRunner(options: TransformRunnerOptions = {}): TransformRunner {
  const limits = resolveLimits(options);
  const hardTimeLimitMs = options.hardTimeLimitMs ?? limits.timeLimitMs + HARD_TIME_LIMIT_GRACE_MS;
  if (!(hardTimeLimitMs > limits.timeLimitMs)) throw new RangeError('hardTimeLimitMs must exceed timeLimitMs');

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
    const thread = spawnSandboxWorker(limits);
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
      failCurrent(slot, `transform timed out: exceeded ${limits.timeLimitMs} ms (stopped after ${hardTimeLimitMs} ms)`);
      // The killed worker was healthy: start its successor now, not when the next event comes, so
      // that event does not also pay the ~300 ms a worker takes to start.
      if (!closed) worker ??= startWorker();
      pump();
    }, hardTimeLimitMs);
    current = { id, job, timer };
    slot.thread.postMessage({ id, ...job.task });
  }

  function submit(task: SandboxTask): Promise<SandboxAnswer> {
    if (closed) return Promise.resolve(failure(0, 'transform runner is closed'));
    return new Promise((settle) => {
      queue.push({ task, settle });
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
      return toValidation(await submit({ type: 'validate', code }));
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

interface Job {
  task: SandboxTask;
  settle(answer: SandboxAnswer): void;
}

interface WorkerSlot {
  thread: Worker;
  ready: boolean;
  startTimer: NodeJS.Timeout;
}

const HARD_TIME_LIMIT_GRACE_MS = 400;
/** A worker is ready in ~300 ms (thread start, tsx, WASM compile, warm-up); far longer means it never will be. */
const WORKER_START_TIMEOUT_MS = 10_000;
const failure = (id: number, message: string): SandboxAnswer => ({ id, ok: false, message });

function resolveLimits(options: TransformRunnerOptions): SandboxLimits {
  const { memoryLimitBytes = 16 * MIB, timeLimitMs = 100, cacheSize = 32 } = options;
  if (!(memoryLimitBytes >= MIB / 4)) throw new RangeError(`memoryLimitBytes must be at least ${MIB / 4}`);
  if (!(timeLimitMs > 0)) throw new RangeError('timeLimitMs must be positive');
  if (!Number.isInteger(cacheSize) || cacheSize < 1) throw new RangeError('cacheSize must be an integer >= 1');
  return { memoryLimitBytes, timeLimitMs, maxStackSizeBytes: QUICKJS_STACK_BYTES, cacheSize };
}
