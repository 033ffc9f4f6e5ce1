import type pg from 'pg';
import type { TokenRequest } from '../delivery/rate-limit.ts';

/**
 * Takes up to `wanted` tokens from each destination's bucket in one statement. A bucket holds at
 * most one second of its rate and refills continuously (rate_bucket_refilled, in the migration);
 * the row lock of INSERT ... ON CONFLICT makes each take atomic across processes. A new bucket
 * starts full. Returns the tokens granted per destination.
 */
export async function takeTokens(db: Pick<pg.Pool, 'query'>, requests: TokenRequest[]): Promise<Map<string, number>> {
  if (requests.length === 0) return new Map();
  const { rows } = await db.query<{ destination_id: string; granted: number }>(
    `INSERT INTO rate_bucket AS b (destination_id, rate, tokens, refilled_at, granted)
     SELECT w.id, w.rate, w.rate - LEAST(w.wanted, w.rate), now(), LEAST(w.wanted, w.rate)
       FROM unnest($1::text[], $2::int[], $3::int[]) AS w(id, rate, wanted)
     ON CONFLICT (destination_id) DO UPDATE SET
       rate = EXCLUDED.rate,
       granted = LEAST(EXCLUDED.granted, floor(rate_bucket_refilled(b.tokens, b.refilled_at, EXCLUDED.rate))),
       tokens = rate_bucket_refilled(b.tokens, b.refilled_at, EXCLUDED.rate)
                - LEAST(EXCLUDED.granted, floor(rate_bucket_refilled(b.tokens, b.refilled_at, EXCLUDED.rate))),
       refilled_at = now()
     RETURNING b.destination_id, b.granted`,
    [requests.map((r) => r.destinationId), requests.map((r) => r.ratePerSecond), requests.map((r) => r.wanted)],
  );
  return new Map(rows.map((row) => [row.destination_id, row.granted]));
}
