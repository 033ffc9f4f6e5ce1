import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { AttemptRecord } from '../../src/delivery/attempt.ts';
import { createDispatcher, type DispatchStore, type RecordedBatch } from '../../src/delivery/dispatcher.ts';
import { attemptDeps, claimedEvent } from '../helpers/delivery-fixtures.ts';

const eventNumbered = (n: number) => claimedEvent({ id: `evt_${n}`, seq: String(n), retryCount: 0 });

/** A queue of `total` due events, a receiver that answers when told to, and what the store was asked. */
function setup(total: number, concurrency: number, prefetch: number) {
  const queue = Array.from({ length: total }, (_, n) => eventNumbered(n));
  const claims: number[] = [];
  const released: string[] = [];
  const recorded: AttemptRecord[] = [];
  const sent: string[] = [];
  const answers: Array<() => void> = [];
  const store: DispatchStore<RecordedBatch> = {
    claim: async (limit) => {
      claims.push(limit);
      return queue.splice(0, limit);
    },
    release: async (releases) => {
      released.push(...releases.map((r) => r.id));
    },
    nextDueAt: async () => null,
    record: async (records) => {
      recorded.push(...records);
      return { healthChanged: false };
    },
    takeSlots: async () => new Map(),
    delaySlots: async () => undefined,
  };
  const attempt = attemptDeps(
    (request) =>
      new Promise((resolve) => {
        sent.push(String(request.headers['x-hookrelay-event-id']));
        answers.push(() => resolve({ kind: 'response', status: 200, body: '', durationMs: 1, respondedAt: new Date() }));
      }),
  );
  const dispatcher = createDispatcher({
    store,
    attempt,
    logger: pino({ level: 'silent' }),
    concurrency,
    batchSize: 100,
    prefetch,
    leaseMs: 60_000,
    onRecorded: () => undefined,
    wakeDurably: () => undefined,
  });
  return { dispatcher, claims, released, recorded, sent, answers };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('dispatcher prefetch', () => {
  it('claims ahead of its free slots and starts the next claimed event as soon as a slot frees', async () => {
    const t = setup(10, 2, 3);
    t.dispatcher.poke();
    await settle();
    // Two slots and three ahead: one claim of five, two sent.
    expect(t.claims).toEqual([5]);
    expect(t.sent).toEqual(['evt_0', 'evt_1']);
    t.answers[0]?.();
    await settle();
    expect(t.sent).toEqual(['evt_0', 'evt_1', 'evt_2']);
    // The freed room is then claimed again (refill at a quarter of the slots, here one).
    expect(t.claims).toEqual([5, 1]);
    await t.dispatcher.stop(50);
  });

  it('gives back what it claimed ahead but never started when it stops', async () => {
    const t = setup(10, 2, 3);
    t.dispatcher.poke();
    await settle();
    const stopped = t.dispatcher.stop(100);
    await settle();
    expect(t.released.slice().sort()).toEqual(['evt_2', 'evt_3', 'evt_4']);
    for (const answer of t.answers) answer();
    expect(await stopped).toEqual({ interrupted: 0 });
    await settle();
    expect(t.sent).toEqual(['evt_0', 'evt_1']);
    expect(t.recorded.map((r) => r.eventId).sort()).toEqual(['evt_0', 'evt_1']);
  });
});
