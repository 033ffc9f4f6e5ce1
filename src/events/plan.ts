import type { EventStatus } from '../generated/prisma/client.ts';
import { receivesEventType } from '../event-types/names.ts';
import { newId } from '../ids.ts';
import { dedupeKey } from '../rules/dedupe.ts';
import { matchesFilter, type FilterRequest } from '../rules/filter.ts';
import type { TransformRunner } from '../sandbox/runner.ts';

/** The rules of one connection that decide what a published request becomes. */
export interface ConnectionPlanInput {
  id: string;
  name: string;
  delayMs: number;
  filter: unknown;
  transformCode: string | null;
  dedupeWindowMs: number | null;
  dedupeFields: string[];
  /** Event type patterns it receives ("order.*"); null: every type, and untyped events. */
  eventTypes: string[] | null;
  /** Paused, or its destination disabled: events wait in HOLD. */
  held: boolean;
}

export type SkipReason = 'FILTERED' | 'TRANSFORM_DROPPED' | 'DUPLICATE';

export interface SkippedConnection {
  connectionId: string;
  connectionName: string;
  reason: SkipReason;
}

export interface PlannedEvent {
  id: string;
  connectionId: string;
  connectionName: string;
  status: EventStatus;
  nextAttemptAt: Date | null;
  /** Set when a transformation changed what is delivered. */
  transformed?: { body: unknown; headers: Record<string, string> };
  dedupe?: { key: string; windowMs: number };
  error?: { code: 'TRANSFORM_ERROR'; message: string };
  /** Sent by sendTestEvent: left out of issues, alerts and the failure streak. */
  test?: boolean;
}

/**
 * Decides, per connection, whether a request becomes an event and in what shape: the filter
 * first, then the transformation (in the sandbox), then deduplication keys (checked against the
 * database by the caller, inside its transaction). Pure but for the sandbox call.
 */
export async function planEvents(
  request: FilterRequest & { rawBody: Buffer | null },
  connections: ConnectionPlanInput[],
  transforms: TransformRunner,
  now: number,
): Promise<{ events: PlannedEvent[]; skipped: SkippedConnection[] }> {
  const skipped: SkippedConnection[] = [];
  const planned = await Promise.all(
    connections.map(async (connection): Promise<PlannedEvent | undefined> => {
      const skip = (reason: SkipReason) => {
        skipped.push({ connectionId: connection.id, connectionName: connection.name, reason });
        return undefined;
      };
      // The connection's event types and its filter must both let the request through.
      if (!receivesEventType(connection.eventTypes, request.eventType)) return skip('FILTERED');
      if (connection.filter != null && !matchesFilter(connection.filter, request)) return skip('FILTERED');
      const base = { id: newId('evt', now), connectionId: connection.id, connectionName: connection.name };
      let transformed: PlannedEvent['transformed'];
      if (connection.transformCode) {
        // Scoped by connection: two tenants with the same code must not share its top-level state.
        const { rawBody: _raw, ...visible } = request;
        const result = await transforms.run(connection.transformCode, visible, connection.id);
        if (result.kind === 'dropped') return skip('TRANSFORM_DROPPED');
        if (result.kind === 'error') {
          return { ...base, status: 'FAILED', nextAttemptAt: null, error: { code: 'TRANSFORM_ERROR', message: result.message } };
        }
        transformed = { body: result.request.body, headers: result.request.headers };
      }
      const dedupe =
        connection.dedupeWindowMs === null
          ? undefined
          : { key: dedupeKey(comparedBody(request, connection.dedupeFields), connection.dedupeFields), windowMs: connection.dedupeWindowMs };
      const { held } = connection;
      return {
        ...base,
        status: held ? 'HOLD' : connection.delayMs > 0 ? 'SCHEDULED' : 'QUEUED',
        nextAttemptAt: held ? null : new Date(now + connection.delayMs),
        ...(transformed ? { transformed } : {}),
        ...(dedupe ? { dedupe } : {}),
      };
    }),
  );
  return { events: planned.filter((event): event is PlannedEvent => event !== undefined), skipped };
}

/** A raw body is compared by its bytes (its JSON view may be null for any binary body). */
function comparedBody(request: { body: unknown; rawBody: Buffer | null }, fields: string[]): unknown {
  return request.rawBody && fields.length === 0 ? { raw: request.rawBody.toString('base64') } : request.body;
}
