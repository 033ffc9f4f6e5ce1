import { Worker } from 'node:worker_threads';
import type { SandboxLimits } from './protocol.ts';

/**
 * QuickJS stops recursion at its own stack limit only if V8's stack for the worker's WASM frames
 * is larger still; measured: 256 KiB against V8's 4 MB is safe, 512 KiB is not. Past V8's limit
 * the WASM module is unusable and the worker is replaced.
 */
export const QUICKJS_STACK_BYTES = 256 * 1024;
const WORKER_STACK_MB = 4;
const workerUrl = new URL('./worker.ts', import.meta.url);

/**
 * Node 20 runs no TypeScript itself, and a worker inherits neither tsx's hooks nor vitest's
 * transform; `--import tsx` registers nothing outside the main thread on Node 20, but tsx's API
 * does. The price is tsx's own hooks thread in each worker: measured on two cores, a worker is
 * ready in ~300 ms instead of ~100 ms for the plain JavaScript it replaces (~120 ms of it tsx's
 * registration). Resolved when a worker starts, not at import: under vitest the first
 * import.meta.resolve registers a resolve hook.
 */
const tsxRegistration = () =>
  `data:text/javascript,${encodeURIComponent(`import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}; register();`)}`;

/** A new sandbox worker (worker.ts); it posts `ready` once it can take jobs. */
export function spawnSandboxWorker(limits: SandboxLimits): Worker {
  return new Worker(workerUrl, {
    workerData: limits,
    // Not the parent's flags: tsx's (under `npm start`) do nothing in a worker on Node 20, vitest's are its own.
    execArgv: ['--import', tsxRegistration()],
    resourceLimits: { stackSizeMb: WORKER_STACK_MB },
  });
}
