import type pg from 'pg';
import { withTransaction } from '../db/transaction.ts';
import { newId } from '../ids.ts';
import type { DeliveryUpdateRef } from '../live/live-bus.ts';
import { destinationDisabledAlert, insertAlerts, issueOpenedAlert } from '../operations/alerts.ts';
import { disableDestinations, type DisabledDestination } from '../operations/destination-state.ts';
import { disableReason, summarizeHealth, type DisablePolicy } from '../operations/health.ts';
import type { AttemptRecord } from './attempt.ts';

export interface IssueChange {
  issueId: string;
  sourceId: string;
  connectionId: string;
  change: 'OPENED' | 'UPDATED' | 'RESOLVED';
}

export interface RecordedOutcomes {
  /** Attempts recorded and events held, to announce live. */
  updates: DeliveryUpdateRef[];
  issues: IssueChange[];
  disabled: DisabledDestination[];
  /** Alerts written for opened issues and disabled destinations, to be sent. */
  alerts: number;
}

/**
 * Records a batch of finished attempts in one transaction with multi-row statements: the attempts,
 * each event's new state, the connections' issues and the destinations' failure streaks (which
 * may disable a destination). A batch costs the same few round trips whether it holds 1 or 500.
 */
export async function recordOutcomes(pool: pg.Pool, records: AttemptRecord[], policy: DisablePolicy, alerting: boolean): Promise<RecordedOutcomes> {
  return withTransaction(pool, async (client) => {
    await insertAttempts(client, records);
    await updateEvents(client, records);
    const health = summarizeHealth(records.map((r) => ({ ...r, finishedAt: new Date(r.requestedAt.getTime() + r.durationMs) })));
    const issues = await recordIssues(client, health.connections);
    const streaks = await recordStreaks(client, health.destinations);
    const now = Date.now();
    const toDisable = streaks.flatMap((streak) => {
      const reason = streak.disabled_at ? null : disableReason({ consecutiveFailures: streak.consecutive_failures, failingSince: streak.failing_since }, policy, now);
      return reason ? [{ id: streak.id, reason }] : [];
    });
    const { disabled, held } = await disableDestinations(client, toDisable);
    // In this transaction: committed together with what they report, so a crash loses none.
    const alerts = alerting
      ? [...issues.filter((issue) => issue.change === 'OPENED').map((issue) => issueOpenedAlert(issue.issueId)), ...disabled.map((d) => destinationDisabledAlert(d.destinationId))]
      : [];
    await insertAlerts(client, alerts);
    return {
      updates: [...records.map((r) => ({ sourceId: r.sourceId, eventId: r.eventId, attemptId: r.attemptId })), ...held],
      issues,
      disabled,
      alerts: alerts.length,
    };
  });
}

async function insertAttempts(client: pg.PoolClient, records: AttemptRecord[]): Promise<void> {
  const column = <K extends keyof AttemptRecord>(key: K) => records.map((r) => r[key]);
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO attempt (id, event_id, number, trigger, status, requested_at, responded_at, duration_ms, response_status,
                          response_body, error_code, error_message)
     SELECT a.id, a.event_id, a.number, a.trigger, CASE WHEN a.succeeded THEN 'SUCCESSFUL' ELSE 'FAILED' END::attempt_status,
            a.requested_at, a.responded_at, a.duration_ms, a.response_status, a.response_body, a.error_code, a.error_message
       FROM unnest($1::text[], $2::text[], $3::int[], $4::attempt_trigger[], $5::bool[], $6::timestamptz[], $7::timestamptz[],
                   $8::int[], $9::int[], $10::text[], $11::text[], $12::text[])
            AS a(id, event_id, number, trigger, succeeded, requested_at, responded_at, duration_ms, response_status,
                 response_body, error_code, error_message)
     ON CONFLICT (event_id, number) DO NOTHING
     RETURNING id`,
    [
      column('attemptId'),
      column('eventId'),
      column('number'),
      column('trigger'),
      column('succeeded'),
      column('requestedAt'),
      column('respondedAt'),
      column('durationMs'),
      column('responseStatus'),
      column('responseBody'),
      column('errorCode'),
      column('errorMessage'),
    ],
  );
  if (rows.length === records.length) return;
  // Another process attempted the same event after our lease ran out (a long database outage
  // while we held results): both requests happened, so both are kept, ours numbered after.
  const inserted = new Set(rows.map((row) => row.id));
  for (const record of records.filter((r) => !inserted.has(r.attemptId))) {
    await client.query(
      `INSERT INTO attempt (id, event_id, number, trigger, status, requested_at, responded_at, duration_ms, response_status,
                            response_body, error_code, error_message)
       SELECT $1, $2, COALESCE(max(number), 0) + 1, $3, $4, $5, $6, $7, $8, $9, $10, $11 FROM attempt WHERE event_id = $2`,
      [
        record.attemptId,
        record.eventId,
        record.trigger,
        record.succeeded ? 'SUCCESSFUL' : 'FAILED',
        record.requestedAt,
        record.respondedAt,
        record.durationMs,
        record.responseStatus,
        record.responseBody,
        record.errorCode,
        record.errorMessage,
      ],
    );
  }
}

/**
 * A cancel wins over a retry; so does a hold (pause, disable) that came while the attempt ran,
 * unless the attempt ended the event for good.
 */
async function updateEvents(client: pg.PoolClient, records: AttemptRecord[]): Promise<void> {
  await client.query(
    `UPDATE event e SET
       status = CASE WHEN e.status = 'CANCELLED' THEN e.status
                     WHEN e.status = 'HOLD' AND v.status = 'SCHEDULED' THEN e.status
                     ELSE v.status END,
       next_attempt_at = CASE WHEN e.status IN ('CANCELLED', 'HOLD') THEN NULL ELSE v.next_attempt_at END,
       attempt_count = GREATEST(e.attempt_count, v.number),
       last_response_status = v.response_status,
       locked_until = NULL,
       pending_trigger = NULL,
       updated_at = now()
      FROM unnest($1::text[], $2::event_status[], $3::int[], $4::int[], $5::timestamptz[])
           AS v(id, status, number, response_status, next_attempt_at)
     WHERE e.id = v.id`,
    [
      records.map((r) => r.eventId),
      records.map((r) => r.eventStatus),
      records.map((r) => r.number),
      records.map((r) => r.responseStatus),
      records.map((r) => r.nextAttemptAt),
    ],
  );
}

async function recordIssues(client: pg.PoolClient, connections: ReturnType<typeof summarizeHealth>['connections']): Promise<IssueChange[]> {
  const changes: IssueChange[] = [];
  const recovered = connections.filter((c) => c.recovered).map((c) => c.connectionId);
  if (recovered.length > 0) {
    const { rows } = await client.query<{ id: string; source_id: string; connection_id: string }>(
      `UPDATE issue SET status = 'RESOLVED', resolved_at = now(), updated_at = now()
        WHERE connection_id = ANY($1::text[]) AND status <> 'RESOLVED'
       RETURNING id, source_id, connection_id`,
      [recovered],
    );
    changes.push(...rows.map((row) => ({ issueId: row.id, sourceId: row.source_id, connectionId: row.connection_id, change: 'RESOLVED' as const })));
  }
  const failing = connections.filter((c) => c.failures > 0);
  if (failing.length > 0) {
    const { rows } = await client.query<{ id: string; source_id: string; connection_id: string; opened: boolean }>(
      `INSERT INTO issue AS i (id, connection_id, source_id, first_failure_at, last_failure_at, failure_count, last_response_status, last_error_code)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::int[], $7::int[], $8::text[])
       ON CONFLICT (connection_id) WHERE status <> 'RESOLVED' DO UPDATE SET
         last_failure_at = EXCLUDED.last_failure_at,
         failure_count = i.failure_count + EXCLUDED.failure_count,
         last_response_status = EXCLUDED.last_response_status,
         last_error_code = EXCLUDED.last_error_code,
         updated_at = now()
       RETURNING i.id, i.source_id, i.connection_id, (xmax = 0) AS opened`,
      [
        failing.map(() => newId('iss')),
        failing.map((c) => c.connectionId),
        failing.map((c) => c.sourceId),
        failing.map((c) => c.firstFailureAt),
        failing.map((c) => c.lastFailureAt),
        failing.map((c) => c.failures),
        failing.map((c) => c.lastResponseStatus),
        failing.map((c) => c.lastErrorCode),
      ],
    );
    changes.push(
      ...rows.map((row) => ({ issueId: row.id, sourceId: row.source_id, connectionId: row.connection_id, change: row.opened ? ('OPENED' as const) : ('UPDATED' as const) })),
    );
  }
  return changes;
}

interface StreakRow {
  id: string;
  consecutive_failures: number;
  failing_since: Date | null;
  disabled_at: Date | null;
}

async function recordStreaks(client: pg.PoolClient, destinations: ReturnType<typeof summarizeHealth>['destinations']): Promise<StreakRow[]> {
  if (destinations.length === 0) return [];
  // A healthy destination that stays healthy is not written: the common case costs no row lock.
  const { rows } = await client.query<StreakRow>(
    `UPDATE destination d SET
       consecutive_failures = CASE WHEN v.recovered THEN v.failed_events ELSE d.consecutive_failures + v.failed_events END,
       failing_since = CASE WHEN v.first_failure_at IS NULL THEN NULL
                            WHEN v.recovered THEN v.first_failure_at
                            ELSE COALESCE(d.failing_since, v.first_failure_at) END
      FROM unnest($1::text[], $2::bool[], $3::int[], $4::timestamptz[]) AS v(id, recovered, failed_events, first_failure_at)
     WHERE d.id = v.id AND (v.first_failure_at IS NOT NULL OR d.consecutive_failures > 0 OR d.failing_since IS NOT NULL)
     RETURNING d.id, d.consecutive_failures, d.failing_since, d.disabled_at`,
    [
      destinations.map((d) => d.destinationId),
      destinations.map((d) => d.recovered),
      destinations.map((d) => d.failedEvents),
      destinations.map((d) => d.firstFailureAt),
    ],
  );
  return rows;
}
