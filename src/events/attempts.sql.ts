import type pg from 'pg';
import type { AttemptRecord } from '../delivery/attempt.ts';

/**
 * Inserts finished attempts in one statement. If another process attempted the same event after
 * our lease ran out (a long database outage while we held results), both requests happened, so
 * both are kept, ours numbered after.
 */
export async function insertAttempts(client: pg.PoolClient, records: AttemptRecord[]): Promise<void> {
  const column = <K extends keyof AttemptRecord>(key: K) => records.map((r) => r[key]);
  const { rows } = await client.query<{ id: string }>({
    name: 'insert-attempts',
    text: `INSERT INTO attempt (id, event_id, number, trigger, status, requested_at, responded_at, duration_ms, response_status,
                          response_body, error_code, error_message)
     SELECT a.id, a.event_id, a.number, a.trigger, CASE WHEN a.succeeded THEN 'SUCCESSFUL' ELSE 'FAILED' END::attempt_status,
            a.requested_at, a.responded_at, a.duration_ms, a.response_status, a.response_body, a.error_code, a.error_message
       FROM unnest($1::text[], $2::text[], $3::int[], $4::attempt_trigger[], $5::bool[], $6::timestamptz[], $7::timestamptz[],
                   $8::int[], $9::int[], $10::text[], $11::text[], $12::text[])
            AS a(id, event_id, number, trigger, succeeded, requested_at, responded_at, duration_ms, response_status,
                 response_body, error_code, error_message)
     ON CONFLICT (event_id, number) DO NOTHING
     RETURNING id`,
    values: [
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
  });
  if (rows.length === records.length) return;
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
