/**
 * Attempt durations kept as counts per bucket, so a destination's percentiles over any window are
 * the sum of its per-minute rows: no per-attempt rows are read. Pure, tested without a database.
 */

/** Upper bounds (ms) of the buckets; the last bucket holds everything slower. */
const LATENCY_BOUNDS_MS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000] as const;
export const BUCKETS = LATENCY_BOUNDS_MS.length + 1;

export function bucketOf(durationMs: number): number {
  const index = LATENCY_BOUNDS_MS.findIndex((bound) => durationMs <= bound);
  return index === -1 ? LATENCY_BOUNDS_MS.length : index;
}

/** Adds one duration to a histogram (a new one when null). */
export function addDuration(histogram: number[] | null, durationMs: number): number[] {
  const counts = histogram ?? new Array<number>(BUCKETS).fill(0);
  counts[bucketOf(durationMs)] += 1;
  return counts;
}

/**
 * The q-quantile (0..1) estimated from the counts, interpolated linearly inside its bucket (the
 * last, open bucket answers its lower bound); null when there is no duration at all.
 */
export function quantile(histogram: readonly number[], q: number): number | null {
  const total = histogram.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let index = 0; index < histogram.length; index += 1) {
    const count = histogram[index] ?? 0;
    if (count > 0 && seen + count >= rank) {
      const lower = index === 0 ? 0 : LATENCY_BOUNDS_MS[index - 1];
      const upper = LATENCY_BOUNDS_MS[index];
      if (upper === undefined) return lower;
      return lower + ((upper - lower) * (rank - seen)) / count;
    }
    seen += count;
  }
  return LATENCY_BOUNDS_MS[LATENCY_BOUNDS_MS.length - 1];
}
