import type { Logger } from 'pino';
import type { Db } from '../db/prisma.ts';
import { buildDeliveryRequest } from '../delivery/build-request.ts';
import type { HttpSender } from '../delivery/http-sender.ts';
import { newId } from '../ids.ts';

/** What an alert is about; its payload is read fresh when it is sent. */
export interface AlertRef {
  /** Stable across retries of the alert: it is the `webhook-id`, so receivers can deduplicate. */
  id: string;
  type: 'issue.opened' | 'destination.disabled';
  subjectId: string;
}

export const issueOpenedAlert = (issueId: string): AlertRef => ({ id: newId('alr'), type: 'issue.opened', subjectId: issueId });
export const destinationDisabledAlert = (destinationId: string): AlertRef => ({ id: newId('alr'), type: 'destination.disabled', subjectId: destinationId });

export interface AlertDeps {
  db: Db;
  sender: HttpSender;
  logger: Logger;
  url: string;
  secret: string;
  headerPrefix: string;
}

/**
 * POSTs one alert to HOOKRELAY_ALERT_URL as a Standard Webhooks message
 * (`{ type, timestamp, data }`, signed with HOOKRELAY_ALERT_SECRET). Throws when the receiver does
 * not take it, so the Agenda job retries it with backoff.
 */
export async function sendAlert(deps: AlertDeps, alert: AlertRef): Promise<void> {
  const data = await alertData(deps.db, alert);
  if (!data) {
    deps.logger.info({ alertId: alert.id, type: alert.type }, 'alert subject no longer exists; not sent');
    return;
  }
  const now = new Date();
  const request = buildDeliveryRequest({
    url: deps.url,
    eventId: alert.id,
    attemptNumber: 1,
    sourceName: String(data.source),
    auth: { strategy: 'STANDARD_WEBHOOKS', secrets: [deps.secret] },
    headerPrefix: deps.headerPrefix,
    publishedHeaders: {},
    body: { json: { type: alert.type, timestamp: now.toISOString(), data } },
    now,
  });
  const outcome = await deps.sender.send(request);
  if (outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300) {
    deps.logger.info({ alertId: alert.id, type: alert.type }, 'alert delivered');
    return;
  }
  throw new Error(
    `alert ${alert.id} to HOOKRELAY_ALERT_URL failed: ${outcome.kind === 'response' ? `status ${outcome.status}` : `${outcome.errorCode}: ${outcome.message}`}`,
  );
}

async function alertData(db: Db, alert: AlertRef): Promise<Record<string, unknown> | null> {
  if (alert.type === 'issue.opened') {
    const issue = await db.issue.findUnique({
      where: { id: alert.subjectId },
      include: { source: { select: { name: true } }, connection: { select: { id: true, name: true, destination: { select: { id: true, name: true, url: true } } } } },
    });
    if (!issue) return null;
    return {
      issueId: issue.id,
      status: issue.status,
      source: issue.source.name,
      connection: { id: issue.connection.id, name: issue.connection.name },
      destination: issue.connection.destination,
      firstFailureAt: issue.firstFailureAt.toISOString(),
      lastFailureAt: issue.lastFailureAt.toISOString(),
      failureCount: issue.failureCount,
      lastResponseStatus: issue.lastResponseStatus,
      lastErrorCode: issue.lastErrorCode,
    };
  }
  const destination = await db.destination.findUnique({
    where: { id: alert.subjectId },
    select: { id: true, name: true, url: true, disabledAt: true, disabledReason: true, consecutiveFailures: true, failingSince: true, source: { select: { name: true } } },
  });
  if (!destination) return null;
  return {
    destination: { id: destination.id, name: destination.name, url: destination.url },
    source: destination.source.name,
    disabledAt: destination.disabledAt?.toISOString() ?? null,
    reason: destination.disabledReason,
    consecutiveFailures: destination.consecutiveFailures,
    failingSince: destination.failingSince?.toISOString() ?? null,
  };
}
