/**
 * The messages between the runner (main thread) and the sandbox worker. Requests and results
 * cross as JSON strings (`input`, `output`), not as structured clones: JSON is all the sandbox
 * reads and writes, and a string is copied into it in one piece.
 */

/** The worker's workerData, fixed for its life. */
export interface SandboxLimits {
  memoryLimitBytes: number;
  timeLimitMs: number;
  maxStackSizeBytes: number;
  cacheSize: number;
}

export type SandboxTask =
  | {
      type: 'run';
      code: string;
      input: string;
      /**
       * Who owns the compiled code's state: the same code of two connections (two tenants) must
       * not share top-level variables.
       */
      scope: string;
    }
  | { type: 'validate'; code: string };

/**
 * The runner sends one job at a time and matches the answer by id: an answer that comes after
 * the runner gave up on its job must not settle the next one.
 */
export type SandboxJob = SandboxTask & { id: number };

/** line and column are 1-based, in the user's code, columns in UTF-16 units as editors count them. */
export interface SandboxFailure {
  message: string;
  line?: number;
  column?: number;
}

export type SandboxAnswer =
  | { id: number; ok: true; output?: string }
  | (SandboxFailure & {
      id: number;
      ok: false;
      /** The worker's state is not to be trusted any more: the runner replaces it. */
      fatal?: true;
    });

/**
 * `ready` comes once the worker has paid its WASM warm-up, so that the runner starts a job's
 * wall clock only when the worker can answer.
 */
export type WorkerMessage = SandboxAnswer | { type: 'ready' };
