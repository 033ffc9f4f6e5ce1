import { notFound, badInput } from '../errors.ts';
import { RESERVED_PREFIX } from '../event-types/names.ts';
import { publishEvent, type PublishDeps, type PublishResult } from './publish.ts';

/** The event type of a test without a catalog type. */
const PING_TYPE = `${RESERVED_PREFIX}ping`;

/**
 * Delivers a test event through one connection: the type's example (or a ping) with the
 * connection's transformation, signing and destination headers, as a real event marked `test`
 * (in history and on deliveryStatus, never in issues, alerts or auto-disable counts). The caller
 * has checked the connection may be managed.
 */
export async function sendTestEvent(deps: PublishDeps, input: { connectionId: string; eventType: string | null }): Promise<PublishResult> {
  const connection = await deps.db.connection.findFirst({
    where: { id: input.connectionId, deletedAt: null },
    select: { id: true, source: { select: { name: true } } },
  });
  if (!connection) throw notFound('connection', `No connection ${input.connectionId}: it does not exist or was deleted.`);
  let body: unknown;
  if (input.eventType === null) {
    body = { type: PING_TYPE, connectionId: connection.id, sentAt: new Date().toISOString() };
  } else {
    const type = await deps.db.eventType.findUnique({ where: { name: input.eventType }, select: { example: true } });
    if (!type) throw badInput('eventType', `eventType: "${input.eventType}" is not in the event type catalog (eventTypes lists it); leave it out to send a ping`);
    if (type.example === null) throw badInput('eventType', `eventType: ${input.eventType} has no example to send; give it one with upsertEventType(input: { name, example })`);
    body = type.example;
  }
  const result = await publishEvent(
    deps,
    {
      sourceName: connection.source.name,
      headers: {},
      body,
      bodyText: JSON.stringify(body),
      rawBody: null,
      path: '',
      query: {},
      idempotencyKey: null,
      eventType: input.eventType ?? PING_TYPE,
    },
    { connectionId: connection.id },
  );
  if (result.eventIds.length === 0) {
    throw badInput('connectionId', `connectionId: the transformation of connection ${connection.id} dropped the test event (it returned null); nothing was sent`);
  }
  return result;
}
