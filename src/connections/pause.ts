import type { Db } from '../db/prisma.ts';
import { notFound } from '../errors.ts';
import type { DeliveryUpdateRef } from '../live/live-bus.ts';

export interface PauseResult {
  connectionId: string;
  /** Events whose status changed, to announce live. */
  changed: DeliveryUpdateRef[];
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
    return { connectionId: id, changed: held.map(toUpdate) };
  });
}

/**
 * Releases held events, due now, claimed in publish order; those of a disabled destination stay
 * held until it is enabled.
 */
export async function unpauseConnection(db: Db, id: string): Promise<PauseResult> {
  return db.$transaction(async (tx) => {
    await requireLive(tx, id);
    await tx.connection.update({ where: { id }, data: { pausedAt: null } });
    const released = await tx.event.updateManyAndReturn({
      where: { connectionId: id, status: 'HOLD', connection: { destination: { disabledAt: null } } },
      data: { status: 'QUEUED', nextAttemptAt: new Date() },
      select: { id: true, sourceId: true },
    });
    return { connectionId: id, changed: released.map(toUpdate) };
  });
}

const toUpdate = (event: { id: string; sourceId: string }): DeliveryUpdateRef => ({
  sourceId: event.sourceId,
  eventId: event.id,
  attemptId: null,
});
