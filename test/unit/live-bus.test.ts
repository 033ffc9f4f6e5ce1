import { describe, expect, it } from 'vitest';
import { coalesce, encodeBatches } from '../../src/live/live-bus.ts';

describe('encodeBatches', () => {
  it('keeps every update, in order, in NOTIFY payloads under 8000 bytes', () => {
    const updates = Array.from({ length: 1_000 }, (_, i) => ({
      sourceId: 'src_01m8dkbpawj7bbq7fy8d7r9grc',
      eventId: `evt_01m8dkbpjfpr55sjaj6c7k${String(i).padStart(4, '0')}`,
      attemptId: i % 2 ? `atm_01m8dkbpjfpr55sjaj6c7k${String(i).padStart(4, '0')}` : null,
    }));
    const batches = encodeBatches(updates.map((u) => [u.sourceId, u.eventId, u.attemptId]));
    expect(batches.length).toBeGreaterThan(1);
    for (const batch of batches) expect(Buffer.byteLength(batch)).toBeLessThan(8_000);
    const decoded = batches.flatMap((batch) => JSON.parse(batch) as [string, string, string | null][]);
    expect(decoded).toEqual(updates.map((u) => [u.sourceId, u.eventId, u.attemptId]));
  });

  it('sends nothing for no updates', () => {
    expect(encodeBatches([])).toEqual([]);
  });
});

describe('coalesce', () => {
  it('sends an idle call at once and gathers the calls made meanwhile into the next send', async () => {
    const sends: number[][] = [];
    let release: () => void = () => undefined;
    const send = coalesce<number>(async (items) => {
      sends.push(items);
      if (sends.length === 1) await new Promise<void>((resolve) => (release = resolve));
    });
    const first = send([1]);
    expect(sends).toEqual([[1]]);
    const later = [send([2]), send([3, 4]), send([])];
    expect(sends).toEqual([[1]]);
    release();
    await Promise.all([first, ...later]);
    expect(sends).toEqual([[1], [2, 3, 4]]);
    await send([5]);
    expect(sends).toEqual([[1], [2, 3, 4], [5]]);
  });
});
