import type pg from 'pg';
import { newId } from '../ids.ts';

/** One connection's failures in a batch of outcomes (destinations/failure-policy.ts sums them up). */
export interface ConnectionHealth {
  connectionId: string;
  sourceId: string;
  /** A delivery succeeded in this batch: the connection's open issue, if any, is resolved first. */
  recovered: boolean;
  /** Failures after the batch's last success (0: the connection ends the batch healthy). */
  failures: number;
  firstFailureAt: Date | null;
  lastFailureAt: Date | null;
  lastResponseStatus: number | null;
  lastErrorCode: string | null;
}

export interface IssueChange {
  issueId: string;
  sourceId: string;
  connectionId: string;
  change: 'OPENED' | 'UPDATED' | 'RESOLVED';
}

/**
 * A batch's connection health applied to issues: a connection that recovered has its open issue
 * resolved; one still failing opens an issue or adds to its open one.
 */
export async function recordIssues(client: pg.PoolClient, connections: ConnectionHealth[]): Promise<IssueChange[]> {
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
