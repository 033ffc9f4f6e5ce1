/** Nearest-rank percentiles of samples in milliseconds, rounded for printing. */
export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

const round = (value: number) => Math.round(value * 100) / 100;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = Float64Array.from(samples).sort();
  const values = Array.from(sorted);
  return { n: values.length, p50: round(percentile(values, 50)), p95: round(percentile(values, 95)), p99: round(percentile(values, 99)), max: round(values.at(-1) ?? Number.NaN) };
}

export const perSecond = (count: number, ms: number) => Math.round((count / ms) * 1000);

/**
 * Wall-clock milliseconds with sub-millisecond resolution, comparable across processes on one
 * machine: publishers stamp bodies with it and the receiver process subtracts on arrival.
 */
export const clock = () => performance.timeOrigin + performance.now();

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
