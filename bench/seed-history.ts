import type pg from 'pg';

/**
 * Stored history for the history benchmark, written straight into event_request and event with
 * generate_series: publishing a million events through the API would take hours here. Rows match
 * prisma/schema.prisma (columns left out take their defaults) and ids match src/ids.ts: prefix,
 * 10 Crockford base32 characters of the creation time in ms, 16 random ones (md5's hex digits
 * are all in that alphabet). Each request fans out to every connection of the source, as a
 * publish does; all events are SUCCESSFUL, so no delivery picks them up.
 */
const ID_FUNCTION = `
CREATE OR REPLACE FUNCTION pg_temp.bench_id(prefix text, ms bigint) RETURNS text LANGUAGE sql AS $$
  SELECT prefix || '_'
    || (SELECT string_agg(substr('0123456789abcdefghjkmnpqrstvwxyz', ((ms >> (5 * (9 - i))) & 31)::int + 1, 1), '' ORDER BY i) FROM generate_series(0, 9) i)
    || substr(md5(random()::text), 1, 16)
$$`;

const SEED = `
WITH request AS (
  INSERT INTO event_request (id, source_id, headers, body, received_at)
  SELECT pg_temp.bench_id('req', $2::bigint + g), $1, '{}'::jsonb,
         jsonb_build_object('type', 'bench.history', 'n', g), to_timestamp(($2::bigint + g) / 1000.0)
    FROM generate_series($3::bigint, $4::bigint) g
  RETURNING id, received_at)
INSERT INTO event (id, request_id, connection_id, source_id, status, attempt_count, created_at, updated_at)
SELECT pg_temp.bench_id('evt', (extract(epoch FROM request.received_at) * 1000)::bigint), request.id, connection.id, $1,
       'SUCCESSFUL', 1, request.received_at, request.received_at
  FROM request CROSS JOIN (SELECT id FROM connection WHERE source_id = $1) connection`;

/** Requests per statement: big enough to be quick, small enough to report progress. */
const CHUNK = 10_000;

export interface SeedProgress {
  events: number;
  ms: number;
}

/**
 * Adds requests `fromRequest` to `toRequest` (exclusive) of source `sourceId`, one ms apart
 * starting at `baseMs`, so later requests have later (larger) ids. Returns events written.
 */
export async function seedHistory(client: pg.ClientBase, sourceId: string, baseMs: number, fromRequest: number, toRequest: number, onProgress: (progress: SeedProgress) => void): Promise<number> {
  await client.query(ID_FUNCTION);
  const started = Date.now();
  let events = 0;
  for (let from = fromRequest; from < toRequest; from += CHUNK) {
    const to = Math.min(toRequest, from + CHUNK) - 1;
    const result = await client.query(SEED, [sourceId, baseMs, from, to]);
    events += result.rowCount ?? 0;
    onProgress({ events, ms: Date.now() - started });
  }
  // History lies in the past: by the time anyone pages through it, autovacuum has been over it and
  // its WAL is checkpointed. Without this, the timed queries share the cores with the vacuum that
  // a million fresh inserts trigger, and with the checkpoint their WAL forces.
  await client.query('VACUUM (ANALYZE) event_request, event');
  // A role without pg_checkpoint still gets figures, with the checkpoint's writes possibly in them.
  await client.query('CHECKPOINT').catch(() => undefined);
  return events;
}
