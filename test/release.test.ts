import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseHeldEvents } from '../src/events/lifecycle.sql.ts';
import { releaseRemaining, type ReleaseDeps } from '../src/events/release.ts';
import { RELEASE_CHUNK } from '../src/events/release.ts';
import { DisableDestination, PauseConnection, PublishEvent, UnpauseConnection, UpsertConnection } from './documents.ts';
import { useTestApp } from './helpers/app.ts';
import { startReceiver, type Receiver } from './helpers/receiver.ts';

// No sweep during this file: what gets released, the calls under test release.
const fixture = useTestApp({ recoveryIntervalMs: 3_600_000 });
let pool: pg.Pool;
const announced: string[] = [];
let deps: ReleaseDeps;

beforeAll(() => {
  pool = new pg.Pool({ connectionString: fixture.databaseUrl, max: 4 });
  const { services } = fixture.t.app;
  deps = { pool, dispatcher: { poke: () => undefined }, live: { publish: async (refs) => void announced.push(...refs.map((r) => r.eventId)) }, logger: services.logger };
});
afterAll(() => pool?.end());

/** A paused connection of its own source with `count` held events, published in order. */
async function heldConnection(name: string, count: number, url = 'http://127.0.0.1:9/held'): Promise<{ connectionId: string; destinationId: string; eventIds: string[] }> {
  const { upsertConnection } = await fixture.t.gql(UpsertConnection, { input: { name, source: { name }, destination: { name, url } } });
  await fixture.t.gql(PauseConnection, { id: upsertConnection.id });
  const eventIds: string[] = [];
  // A hundred at a time: publish order is kept within each group, which is all these tests read.
  for (let i = 0; i < count; i += 100) {
    const group = Array.from({ length: Math.min(100, count - i) }, (_, j) => fixture.t.gql(PublishEvent, { input: { source: name, body: { i: i + j } } }));
    for (const published of await Promise.all(group)) eventIds.push(published.publishEvent.events[0].id);
  }
  return { connectionId: upsertConnection.id, destinationId: upsertConnection.destination.id, eventIds };
}

/** As an unpause that stopped after its first statement leaves it: live again, events still held. */
const unpauseOnly = (connectionId: string) => pool.query('UPDATE connection SET paused_at = NULL WHERE id = $1', [connectionId]);

const statuses = async (ids: string[]) =>
  (await pool.query<{ id: string; status: string }>('SELECT id, status FROM event WHERE id = ANY($1) ORDER BY seq', [ids])).rows.map((r) => r.status);

describe('releasing held events in chunks', () => {
  it('answers an unpause after its first chunk and delivers the rest, released in the background', async () => {
    const receiver: Receiver = await startReceiver();
    try {
      const count = RELEASE_CHUNK + 300;
      const { connectionId, eventIds } = await heldConnection('big-backlog', count, receiver.url);
      await fixture.t.gql(UnpauseConnection, { id: connectionId });
      const delivered = await receiver.waitForRequests(count, 30_000);
      expect(new Set(delivered.map((r) => r.headers['webhook-id'])).size).toBe(count);
      expect(await statuses(eventIds.slice(-5))).not.toContain('HOLD');
    } finally {
      await receiver.close();
    }
  }, 60_000);

  it('releases the oldest first, a bounded chunk per statement, and says when more are left', async () => {
    const { connectionId, eventIds } = await heldConnection('chunked', 7);
    await unpauseOnly(connectionId);
    const first = await releaseHeldEvents(pool, { connectionId }, 3);
    expect(first.more).toBe(true);
    expect(first.changed.map((c) => c.eventId).sort()).toEqual(eventIds.slice(0, 3).sort());
    expect(await statuses(eventIds)).toEqual(['QUEUED', 'QUEUED', 'QUEUED', 'HOLD', 'HOLD', 'HOLD', 'HOLD']);

    announced.length = 0;
    expect(await releaseRemaining(deps, { connectionId }, 3)).toBe(4);
    expect(announced.sort()).toEqual(eventIds.slice(3).sort());
    expect(await statuses(eventIds)).toEqual(Array(7).fill('QUEUED'));
    // Due since they were published, not since their chunk: an event published between two chunks
    // does not go ahead of the older ones still held.
    const { rows } = await pool.query<{ due_at_publish: boolean }>('SELECT next_attempt_at = created_at AS due_at_publish FROM event WHERE id = ANY($1)', [eventIds]);
    expect(rows.map((r) => r.due_at_publish)).toEqual(Array(7).fill(true));
  });

  it('lets the sweep release what an interrupted release left, but not what a pause or a disable holds', async () => {
    const interrupted = await heldConnection('interrupted', 3);
    const paused = await heldConnection('still-paused', 2);
    const disabled = await heldConnection('disabled', 2);
    await fixture.t.gql(DisableDestination, { id: disabled.destinationId });
    await unpauseOnly(interrupted.connectionId);
    await unpauseOnly(disabled.connectionId);

    await releaseRemaining(deps, 'stray', 2);
    expect(await statuses(interrupted.eventIds)).toEqual(['QUEUED', 'QUEUED', 'QUEUED']);
    expect(await statuses(paused.eventIds)).toEqual(['HOLD', 'HOLD']);
    expect(await statuses(disabled.eventIds)).toEqual(['HOLD', 'HOLD']);
  });

  it('waits for a pause committing meanwhile and then releases nothing onto the paused connection', async () => {
    const { connectionId, eventIds } = await heldConnection('raced', 4);
    await unpauseOnly(connectionId);
    const pausing = await pool.connect();
    try {
      await pausing.query('BEGIN');
      await pausing.query('UPDATE connection SET paused_at = now() WHERE id = $1', [connectionId]);
      const release = releaseHeldEvents(pool, { connectionId }, 10);
      // The release must be waiting on the pause's row lock, not running past it.
      const early = await Promise.race([release.then(() => 'released'), new Promise((resolve) => setTimeout(() => resolve('waiting'), 300))]);
      expect(early).toBe('waiting');
      await pausing.query('COMMIT');
      expect((await release).changed).toEqual([]);
    } finally {
      pausing.release();
    }
    expect(await statuses(eventIds)).toEqual(Array(4).fill('HOLD'));
  });
});
