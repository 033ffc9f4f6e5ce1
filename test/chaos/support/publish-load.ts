import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PublishOutcome, RemoteApi, Via } from './remote-api.ts';

/**
 * A platform publishing numbered events ({ n }) from several concurrent callers, half over GraphQL
 * and half over REST, each with an idempotency key derived from n, and remembering every answer.
 * The number in the body is what ties a delivery at the receiver back to the publish call.
 */
export interface PublishRecord {
  n: number;
  via: Via;
  /** performance.now() around the call. */
  startedAt: number;
  finishedAt: number;
  outcome: PublishOutcome;
}

export type Accepted = Extract<PublishOutcome, { kind: 'accepted' }>;

export interface Publisher {
  /** Every call made, in completion order. */
  readonly records: readonly PublishRecord[];
  /** n -> the success answer it got. */
  readonly accepted: ReadonlyMap<number, Accepted>;
  publishOnce(n: number): Promise<PublishOutcome>;
  /**
   * What a client following the API's hint does: on any failure, pause and send the same n with
   * the same idempotency key again, until it is accepted or `deadlineMs` has passed.
   */
  publishUntilAccepted(n: number, deadlineMs?: number): Promise<Accepted>;
}

export const viaFor = (n: number): Via => (n % 2 === 0 ? 'graphql' : 'rest');

export function createPublisher(api: RemoteApi, source: string, retryPauseMs = 100): Publisher {
  const records: PublishRecord[] = [];
  const accepted = new Map<number, Accepted>();

  async function publishOnce(n: number): Promise<PublishOutcome> {
    const via = viaFor(n);
    const startedAt = performance.now();
    const outcome = await api.publish(via, { source, body: { n }, idempotencyKey: `${source}-${n}` });
    records.push({ n, via, startedAt, finishedAt: performance.now(), outcome });
    if (outcome.kind === 'accepted') accepted.set(n, outcome);
    return outcome;
  }

  return {
    records,
    accepted,
    publishOnce,
    async publishUntilAccepted(n, deadlineMs = 60_000) {
      const deadline = performance.now() + deadlineMs;
      for (;;) {
        const outcome = await publishOnce(n);
        if (outcome.kind === 'accepted') return outcome;
        if (performance.now() > deadline) throw new Error(`publish of n=${n} not accepted within ${deadlineMs} ms; last answer: ${JSON.stringify(outcome)}`);
        await sleep(retryPauseMs);
      }
    },
  };
}

/** Runs `work` over `items` with at most `concurrency` calls in flight; items are taken in order. */
export async function forEachConcurrently<T>(items: Iterable<T>, concurrency: number, work: (item: T) => Promise<unknown>): Promise<void> {
  const iterator = items[Symbol.iterator]();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let next = iterator.next(); !next.done; next = iterator.next()) await work(next.value);
    }),
  );
}

export function* range(from: number, to: number): Generator<number> {
  for (let n = from; n < to; n++) yield n;
}

/** 0, 1, 2, ... for as long as `go()` holds, read when each number is taken. */
export function* countWhile(go: () => boolean): Generator<number> {
  for (let n = 0; go(); n++) yield n;
}
