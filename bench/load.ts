import { clock, sleep } from './stats.ts';

/** How a load run went: calls that completed, failed, and how long each completed one took. */
export interface LoadResult {
  completed: number;
  failed: number;
  firstError?: string;
  /** From the first call's start to the last call's end. */
  elapsedMs: number;
  callMs: number[];
}

type Task = (n: number, worker: number) => Promise<void>;

function recorder() {
  const result: LoadResult = { completed: 0, failed: 0, elapsedMs: 0, callMs: [] };
  const call = async (task: Task, n: number, worker: number) => {
    const started = clock();
    try {
      await task(n, worker);
      result.completed++;
      result.callMs.push(clock() - started);
    } catch (error) {
      result.failed++;
      result.firstError ??= error instanceof Error ? error.message : String(error);
    }
  };
  return { result, call };
}

/** `workers` loops, each starting its next call when the last one ends, for `durationMs`. */
export async function closedLoop(workers: number, durationMs: number, task: Task): Promise<LoadResult> {
  const { result, call } = recorder();
  const started = clock();
  const deadline = started + durationMs;
  let n = 0;
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      while (clock() < deadline) await call(task, n++, worker);
    }),
  );
  result.elapsedMs = clock() - started;
  return result;
}

/**
 * Calls started on a fixed schedule whatever the answers' speed (an open loop, so a slow server
 * cannot lower the offered rate); `maxInFlight` bounds what a stalled server can pile up.
 */
export async function fixedRate(perSecond: number, durationMs: number, maxInFlight: number, task: Task): Promise<LoadResult & { skipped: number }> {
  const { result, call } = recorder();
  const started = clock();
  const inFlight = new Set<Promise<void>>();
  let sent = 0;
  let skipped = 0;
  for (;;) {
    const elapsed = clock() - started;
    if (elapsed >= durationMs) break;
    const due = Math.floor((elapsed / 1000) * perSecond);
    for (; sent < due; sent++) {
      if (inFlight.size >= maxInFlight) {
        skipped++;
        continue;
      }
      const running = call(task, sent, 0).finally(() => inFlight.delete(running));
      inFlight.add(running);
    }
    await sleep(1);
  }
  await Promise.all(inFlight);
  result.elapsedMs = clock() - started;
  return { ...result, skipped };
}
