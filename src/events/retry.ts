import type pg from 'pg';
import type { Db } from '../db/prisma.ts';
import { badInput } from '../errors.ts';
import type { DeliveryUpdateRef } from '../live/live-bus.ts';
import { loadManageable } from '../tenancy/authorization.ts';
import type { Principal } from '../tenancy/principal.ts';
import { cancelEvents, requeueEvents } from './lifecycle.sql.ts';

export interface RetryDeps {
  db: Db;
  pool: pg.Pool;
}

const manageableEvent = (db: Db, principal: Principal, id: string) =>
  loadManageable(principal, 'RETRY', 'event', id, (eventId) =>
    db.event.findUnique({ where: { id: eventId }, select: { id: true, sourceId: true, status: true, errorCode: true, connection: { select: { deletedAt: true } } } }),
  );

/** One more attempt now (trigger MANUAL) for an event in a final state; the changed event to announce. */
export async function retryEvent(deps: RetryDeps, principal: Principal, id: string): Promise<DeliveryUpdateRef[]> {
  const event = await manageableEvent(deps.db, principal, id);
  if (event.errorCode) {
    throw badInput('id', `Event ${event.id} failed in its transformation (${event.errorCode}): nothing was made to deliver. Fix the transformation and publish again.`);
  }
  if (event.connection.deletedAt) throw badInput('id', `Event ${event.id} belongs to a deleted connection; it cannot be delivered again.`);
  const requeued = await requeueEvents(deps.pool, [event.id], 'MANUAL');
  if (requeued.length === 0) {
    throw badInput('id', `Event ${event.id} is ${event.status}, not final: it is still going to be attempted. cancelEvent stops it.`);
  }
  return requeued;
}

/** Stops an event's pending attempts (CANCELLED); the changed event to announce. */
export async function cancelEvent(deps: RetryDeps, principal: Principal, id: string): Promise<DeliveryUpdateRef[]> {
  const event = await manageableEvent(deps.db, principal, id);
  const cancelled = await cancelEvents(deps.pool, { ids: [event.id] });
  if (cancelled.length === 0) throw badInput('id', `Event ${event.id} is already ${event.status}; only pending events can be cancelled (retryEvent starts a final one again).`);
  return cancelled;
}
