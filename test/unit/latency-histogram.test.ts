import { describe, expect, it } from 'vitest';
import { addDuration, BUCKETS, bucketOf, quantile } from '../../src/destinations/latency-histogram.ts';

describe('latency histogram', () => {
  it('puts each duration in the first bucket whose bound holds it', () => {
    expect([0, 1, 1.5, 2, 3, 60_000, 60_001, 1e9].map(bucketOf)).toEqual([0, 0, 1, 1, 2, 14, 15, 15]);
  });

  it('estimates quantiles within the bucket that holds them', () => {
    let histogram: number[] | null = null;
    for (let ms = 1; ms <= 100; ms += 1) histogram = addDuration(histogram, ms);
    expect(histogram).toHaveLength(BUCKETS);
    // 100 durations 1..100 ms: the median falls in the 20-50 ms bucket, p95 in 50-100 ms.
    const p50 = quantile(histogram!, 0.5)!;
    const p95 = quantile(histogram!, 0.95)!;
    expect(p50).toBeGreaterThan(20);
    expect(p50).toBeLessThanOrEqual(50);
    expect(p95).toBeGreaterThan(50);
    expect(p95).toBeLessThanOrEqual(100);
  });

  it('answers null without durations and the open bucket with its lower bound', () => {
    expect(quantile(new Array(BUCKETS).fill(0), 0.5)).toBeNull();
    expect(quantile(addDuration(null, 90_000), 0.5)).toBe(60_000);
  });
});
