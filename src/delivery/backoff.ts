/**
 * The one backoff every retry loop uses: delivery retries (EXPONENTIAL and LINEAR rules), alert
 * sends and attempt-record flushes. Pure, so each schedule is tested without waiting.
 */
export interface Backoff {
  /** Wait after the first failure. */
  initialMs: number;
  /** Each further failure multiplies the wait by this (1: a constant wait). */
  factor: number;
  /** Longest wait. */
  maxMs: number;
}

/** The wait after the `failures`-th consecutive failure (1-based). */
export function backoffDelayMs(backoff: Backoff, failures: number): number {
  if (!Number.isInteger(failures) || failures < 1) throw new RangeError(`failures must be an integer >= 1, got ${failures}`);
  // Past ~1,000 doublings the power is Infinity; min() still caps it.
  return Math.min(backoff.initialMs * backoff.factor ** (failures - 1), backoff.maxMs);
}
