import type pg from 'pg';
import type { Logger } from 'pino';
import type { Db, Prisma } from '../db/prisma.ts';
import type { Dispatcher } from '../delivery/dispatcher.ts';
import { withTransaction } from '../db/transaction.ts';
import { eventFilterSchema, eventWhere, type EventFilter } from './event-filter.ts';
import { newId } from '../ids.ts';
import type { LiveBus } from '../live/live-bus.ts';
import { requeueEvents } from './lifecycle.sql.ts';
import { RETRYABLE_STATUSES } from './statuses.ts';

export interface BulkRetryDeps {
  db: Db;
  pool: pg.Pool;
  dispatcher: Pick<Dispatcher, 'poke'>;
  live: LiveBus;
  logger: Logger;
}

/** Events scheduled per transaction: small enough to keep deliveries flowing between batches. */
export const BULK_RETRY_BATCH = 1_000;

/**
 * The events a bulk retry covers: those matching the filter, within the caller's source, in a final
 * state a retry can start from, and published before the retry was asked for.
 */
async function retryableWhere(db: Db, filter: EventFilter, scopeSourceId: string | null, maxSeq: bigint): Promise<Prisma.EventWhereInput> {
  const statuses = filter.status?.length ? RETRYABLE_STATUSES.filter((s) => filter.status?.includes(s)) : [...RETRYABLE_STATUSES];
  return {
    AND: [
      await eventWhere(db, filter),
      scopeSourceId ? { sourceId: scopeSourceId } : {},
      { status: { in: statuses }, errorCode: null, connection: { deletedAt: null }, seq: { lte: maxSeq } },
    ],
  };
}

/**
 * Records the bulk retry and counts what it covers; the scheduling itself runs in the background
 * (runBulkRetry, as an Agenda job, so a restart goes on from the cursor).
 */
export async function createBulkRetry(db: Db, filter: EventFilter, scopeSourceId: string | null): Promise<{ id: string; count: number }> {
  const { _max } = await db.event.aggregate({ _max: { seq: true } });
  const maxSeq = _max.seq ?? 0n;
  const count = await db.event.count({ where: await retryableWhere(db, filter, scopeSourceId, maxSeq) });
  const id = newId('blk');
  await db.bulkRetry.create({
    data: {
      id,
      sourceId: scopeSourceId,
      filter: JSON.parse(JSON.stringify(filter)) as Prisma.InputJsonValue,
      total: count,
      maxSeq,
      ...(count === 0 ? { status: 'COMPLETED', finishedAt: new Date() } : {}),
    },
  });
  return { id, count };
}

/**
 * Schedules the covered events in publish order, a batch per transaction, never holding more than
 * one batch of ids in memory. Each batch moves the cursor in the same transaction as its events,
 * so a run that dies is resumed without skipping or repeating events.
 */
export async function runBulkRetry(deps: BulkRetryDeps, id: string, heartbeat: () => Promise<void>): Promise<void> {
  const run = await deps.db.bulkRetry.findUnique({ where: { id } });
  if (!run || run.status !== 'RUNNING') return;
  const parsed = eventFilterSchema.safeParse(run.filter);
  // No retry of the job would make a stored filter valid again: end it now, with the reason.
  if (!parsed.success) return failBulkRetry(deps.db, id, `its stored filter is no longer valid: ${parsed.error.message}`);
  const filter = parsed.data;
  const where = await retryableWhere(deps.db, filter, run.sourceId, run.maxSeq);
  let cursor = run.cursor;
  for (;;) {
    const batch = await deps.db.event.findMany({
      where: { AND: [where, { seq: { gt: cursor } }] },
      orderBy: { seq: 'asc' },
      take: BULK_RETRY_BATCH,
      select: { id: true, seq: true },
    });
    const last = batch.at(-1);
    if (!last) break;
    const requeued = await withTransaction(deps.pool, async (client) => {
      const changed = await requeueEvents(client, batch.map((event) => event.id), 'BULK_RETRY');
      await client.query(`UPDATE bulk_retry SET cursor = $2, scheduled = scheduled + $3 WHERE id = $1`, [id, last.seq, changed.length]);
      return changed;
    });
    cursor = last.seq;
    deps.dispatcher.poke();
    await deps.live.publish(requeued);
    await heartbeat();
  }
  await deps.db.bulkRetry.update({ where: { id }, data: { status: 'COMPLETED', finishedAt: new Date() } });
  deps.logger.info({ bulkRetryId: id }, 'bulk retry completed');
}

/**
 * Ends a bulk retry that cannot finish (its job ran out of tries, or its filter no longer parses):
 * FAILED with the error, so its progress subscription completes and nobody waits for it forever.
 */
export async function failBulkRetry(db: Db, id: string, error: string): Promise<void> {
  await db.bulkRetry.updateMany({ where: { id, status: 'RUNNING' }, data: { status: 'FAILED', error, finishedAt: new Date() } });
}
