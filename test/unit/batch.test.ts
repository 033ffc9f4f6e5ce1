import { describe, expect, it } from 'vitest';
import { batched } from '../../src/db/batch.ts';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('batched', () => {
  it('sends a lone call at once and gathers the calls made while a batch runs', async () => {
    const batches: number[][] = [];
    let release: () => void = () => undefined;
    const run = batched(async (items: number[]) => {
      batches.push(items);
      if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
      return items.map((n) => n * 10);
    }, { maxItems: 3, maxInFlight: 1 });
    const first = run(1);
    await tick();
    expect(batches).toEqual([[1]]);
    const rest = [2, 3, 4, 5].map((n) => run(n));
    await tick();
    expect(batches).toHaveLength(1);
    release();
    expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30, 40, 50]);
    expect(batches).toEqual([[1], [2, 3, 4], [5]]);
  });

  it('runs up to maxInFlight batches at once', async () => {
    let running = 0;
    let most = 0;
    const run = batched(async (items: number[]) => {
      most = Math.max(most, ++running);
      await tick();
      running--;
      return items;
    }, { maxItems: 1, maxInFlight: 2 });
    await Promise.all([1, 2, 3, 4, 5].map((n) => run(n)));
    expect(most).toBe(2);
  });

  it('tries the calls of a failed batch alone, so only the faulty one fails', async () => {
    const run = batched(async (items: number[]) => {
      await tick();
      if (items.includes(3)) throw new Error('3 is refused');
      return items;
    }, { maxItems: 10, maxInFlight: 1 });
    const results = await Promise.allSettled([1, 2, 3, 4].map((n) => run(n)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((results[2] as PromiseRejectedResult).reason).toEqual(new Error('3 is refused'));
  });
});
