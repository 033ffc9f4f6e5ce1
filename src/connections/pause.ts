import type { Db } from '../db/prisma.ts';
import type { ScheduledDelivery } from '../delivery/scheduler.ts';
import { notFound } from '../errors.ts';
import type { DeliveryUpdateRef } from '../live/live-bus.ts';

export interface PauseResult {
  connectionId: string;
  /** Events whose status changed, to announce live. */
  changed: DeliveryUpdateRef[];
  /** Deliveries to schedule, in publish order (unpause only). */
  deliveries: ScheduledDelivery[];
}

async function requireLive(db: Pick<Db, 'connection'>, id: string) {
  const connection = await db.connection.findFirst({ where: { id, deletedAt: null }, select: { id: true, pausedAt: true } });
  if (!connection) throw notFound('connection', `No connection ${id}: it does not exist or was deleted.`);
  return connection;
}

/**
 * Holds the connection's pending events (HOLD, no attempts) and every new one until unpaused. An
 * attempt already under way finishes; the delivery claim refuses paused connections after that.
 */
export async function pauseConnection(db: Db, id: string): Promise<PauseResult> {
  return db.$transaction(async (tx) => {
    const connection = await requireLive(tx, id);
    if (!connection.pausedAt) await tx.connection.update({ where: { id }, data: { pausedAt: new Date() } });
    const held = await tx.event.updateManyAndReturn({
      where: { connectionId: id, status: { in: ['QUEUED', 'SCHEDULED'] } },
      data: { status: 'HOLD', nextAttemptAt: null },
      select: { id: true, sourceId: true },
    });
    return { connectionId: id, changed: held.map(toUpdate), deliveries: [] };
  });
}

/** Releases held events, due now, scheduled in publish order. */
export async function unpauseConnection(db: Db, id: string): Promise<PauseResult> {
  return db.$transaction(async (tx) => {
    await requireLive(tx, id);
    const now = new Date();
    await tx.connection.update({ where: { id }, data: { pausedAt: null } });
    const released = await tx.event.updateManyAndReturn({
      where: { connectionId: id, status: 'HOLD' },
      data: { status: 'QUEUED', nextAttemptAt: now },
      select: { id: true, sourceId: true },
    });
    // Events that slipped in as QUEUED or SCHEDULED while paused are due again as well.
    const pending = await tx.event.findMany({
      where: { connectionId: id, status: { in: ['QUEUED', 'SCHEDULED'] } },
      select: { id: true, nextAttemptAt: true },
      orderBy: { seq: 'asc' },
    });
    return {
      connectionId: id,
      changed: released.map(toUpdate),
      deliveries: pending.map((event) => ({ eventId: event.id, at: event.nextAttemptAt ?? now })),
    };
  });
}

const toUpdate = (event: { id: string; sourceId: string }): DeliveryUpdateRef => ({
  sourceId: event.sourceId,
  eventId: event.id,
  attemptId: null,
});
