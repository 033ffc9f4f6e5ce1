import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BOOK_AHEAD_MS, PERIOD_MS, planSlots, slotIntervalUs, type RateLimit } from '../../src/delivery/rate-limit.ts';

describe('slotIntervalUs', () => {
  it('spaces slots period / count apart, in microseconds', () => {
    expect(slotIntervalUs({ count: 10, period: 'SECOND' })).toBe(100_000);
    expect(slotIntervalUs({ count: 60, period: 'MINUTE' })).toBe(1_000_000);
    expect(slotIntervalUs({ count: 1, period: 'HOUR' })).toBe(3_600_000_000);
  });

  it('rounds up, so that count slots never fit in less than one period (property)', () => {
    const limit = fc.record({ count: fc.integer({ min: 1, max: 100_000 }), period: fc.constantFrom<RateLimit['period']>('SECOND', 'MINUTE', 'HOUR') });
    fc.assert(
      fc.property(limit, (l) => {
        const periodUs = PERIOD_MS[l.period] * 1_000;
        const interval = slotIntervalUs(l);
        expect(interval * l.count).toBeGreaterThanOrEqual(periodUs);
        // And by no more than rounding: a second's limit of 3 is 333,334 µs apart, not 334 ms.
        expect((interval - 1) * l.count).toBeLessThan(periodUs);
      }),
    );
  });
});

describe('planSlots', () => {
  it('sends granted events at their slots, ending just before the next free one', () => {
    expect(planSlots({ granted: 3, nextFreeInMs: 300 }, 100_000, 3)).toEqual({ sendInMs: [0, 100, 200], dueInMs: [] });
    // Slots booked by an earlier claim come first: this claim's start later.
    expect(planSlots({ granted: 2, nextFreeInMs: 250 }, 100_000, 2).sendInMs).toEqual([50, 150]);
    // A new schedule starts when the statement did, a little before it answered.
    expect(planSlots({ granted: 1, nextFreeInMs: 99.5 }, 100_000, 1).sendInMs).toEqual([-0.5]);
  });

  it('makes refused events due half a horizon before the slot each would get next', () => {
    const { sendInMs, dueInMs } = planSlots({ granted: 1, nextFreeInMs: 400 }, 100_000, 4);
    expect(sendInMs).toEqual([300]);
    expect(dueInMs).toEqual([400, 500, 600].map((slot) => slot - BOOK_AHEAD_MS / 2));
  });

  it('puts refusals of the same fill after the earlier ones', () => {
    expect(planSlots({ granted: 0, nextFreeInMs: 400 }, 100_000, 2, 5).dueInMs).toEqual([900, 1_000].map((slot) => slot - BOOK_AHEAD_MS / 2));
  });

  it('never makes a refused event due sooner than half a horizon from now, so it cannot spin', () => {
    expect(planSlots({ granted: 0, nextFreeInMs: 0 }, 1_000, 1).dueInMs).toEqual([BOOK_AHEAD_MS / 2]);
  });
});
