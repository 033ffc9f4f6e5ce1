import type pg from 'pg';
import type { Logger } from 'pino';
import type { Db } from '../db/prisma.ts';
import { buildDeliveryRequest } from '../delivery/build-request.ts';
import { backoffDelayMs, type Backoff } from '../delivery/backoff.ts';
import type { HttpSender } from '../delivery/http/sender.ts';
import { newId } from '../ids.ts';

export type AlertType = 'issue.opened' | 'destination.disabled';

/** What an alert is about; its payload is read fresh when it is sent. */
export interface AlertRef {
  /** Stable across retries of the alert: it is the `webhook-id`, so receivers can deduplicate. */
  id: string;
  type: AlertType;
  subjectId: string;
}

export const issueOpenedAlert = (issueId: string): AlertRef => ({ id: newId('alr'), type: 'issue.opened', subjectId: issueId });
export const destinationDisabledAlert = (destinationId: string): AlertRef => ({ id: newId('alr'), type: 'destination.disabled', subjectId: destinationId });

/** Writes alerts in the caller's transaction, the one that opened the issue or disabled the destination. */
export async function insertAlerts(client: pg.PoolClient, alerts: AlertRef[]): Promise<void> {
  if (alerts.length === 0) return;
  await client.query('INSERT INTO alert (id, type, subject_id) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])', [
    alerts.map((a) => a.id),
    alerts.map((a) => a.type),
    alerts.map((a) => a.subjectId),
  ]);
}

export interface AlertDeps {
  db: Db;
  pool: pg.Pool;
  sender: HttpSender;
  logger: Logger;
  url: string;
  secret: string;
  headerPrefix: string;
  userAgent: string;
}

/** Alerts sent at once by one drain step. */
const ALERT_BATCH = 10;
/** Longer than a send can take (its timeout is 10 s): a leased alert is not picked again meanwhile. */
const ALERT_LEASE_MS = 60_000;
const ALERT_MAX_ATTEMPTS = 10;
/** Wait after the nth failed try: 5 s, doubling, at most 10 minutes (about half an hour over all tries). */
const ALERT_BACKOFF: Backoff = { initialMs: 5_000, factor: 2, maxMs: 10 * 60_000 };

/**
 * Sends every alert that is due, a batch at a time. Each is leased first (SKIP LOCKED), so
 * processes draining side by side never send one twice; one that fails waits its backoff, and
 * after ALERT_MAX_ATTEMPTS it is given up (kept, with its last error). Returns when the next
 * pending alert is due, or null when none is.
 */
export async function sendDueAlerts(deps: AlertDeps): Promise<Date | null> {
  for (;;) {
    const { rows } = await deps.pool.query<{ id: string; type: AlertType; subject_id: string; attempts: number }>(
      `UPDATE alert a SET next_attempt_at = now() + $2 * interval '1 millisecond', attempts = a.attempts + 1
         FROM (SELECT id FROM alert WHERE next_attempt_at <= now() ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED) due
        WHERE a.id = due.id
       RETURNING a.id, a.type, a.subject_id, a.attempts`,
      [ALERT_BATCH, ALERT_LEASE_MS],
    );
    if (rows.length === 0) break;
    await Promise.all(rows.map((row) => sendOne(deps, { id: row.id, type: row.type, subjectId: row.subject_id }, row.attempts)));
  }
  const { rows } = await deps.pool.query<{ at: Date | null }>('SELECT min(next_attempt_at) AS at FROM alert WHERE next_attempt_at IS NOT NULL');
  return rows[0]?.at ?? null;
}

async function sendOne(deps: AlertDeps, alert: AlertRef, attempts: number): Promise<void> {
  try {
    const sent = await sendAlert(deps, alert, attempts);
    await deps.pool.query('UPDATE alert SET next_attempt_at = NULL, sent_at = $2, last_error = $3 WHERE id = $1', [
      alert.id,
      sent ? new Date() : null,
      sent ? null : 'its subject no longer exists',
    ]);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const givenUp = attempts >= ALERT_MAX_ATTEMPTS;
    const retryAt = givenUp ? null : new Date(Date.now() + backoffDelayMs(ALERT_BACKOFF, attempts));
    await deps.pool.query('UPDATE alert SET next_attempt_at = $2, last_error = $3 WHERE id = $1', [alert.id, retryAt, message]);
    deps.logger[givenUp ? 'error' : 'warn']({ alertId: alert.id, type: alert.type, attempts, retryAt, err: message }, givenUp ? 'alert given up' : 'alert not delivered; retrying');
  }
}

/** Deletes alerts created before `cutoff` that are done (sent, or given up); pending ones stay. */
export async function purgeFinishedAlerts(pool: pg.Pool, cutoff: Date): Promise<number> {
  const { rowCount } = await pool.query('DELETE FROM alert WHERE created_at < $1 AND next_attempt_at IS NULL', [cutoff]);
  return rowCount ?? 0;
}

/**
 * POSTs one alert to HOOKRELAY_ALERT_URL as a Standard Webhooks message
 * (`{ type, timestamp, data }`, signed with HOOKRELAY_ALERT_SECRET). False when its subject no
 * longer exists; throws when the receiver does not take it.
 */
async function sendAlert(deps: AlertDeps, alert: AlertRef, attempt: number): Promise<boolean> {
  const data = await alertData(deps.db, alert);
  if (!data) {
    deps.logger.info({ alertId: alert.id, type: alert.type }, 'alert subject no longer exists; not sent');
    return false;
  }
  const now = new Date();
  const request = buildDeliveryRequest({
    url: deps.url,
    eventId: alert.id,
    attemptNumber: attempt,
    sourceName: String(data.source),
    auth: { strategy: 'STANDARD_WEBHOOKS', secrets: [deps.secret] },
    headerPrefix: deps.headerPrefix,
    userAgent: deps.userAgent,
    publishedHeaders: {},
    body: { json: { type: alert.type, timestamp: now.toISOString(), data } },
    now,
  });
  const outcome = await deps.sender.send(request);
  if (outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300) {
    deps.logger.info({ alertId: alert.id, type: alert.type }, 'alert delivered');
    return true;
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
