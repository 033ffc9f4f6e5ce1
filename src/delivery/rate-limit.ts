import type { RateLimitPeriod } from '../generated/prisma/client.ts';

/**
 * Strict rate limits: GCRA without burst. Deliveries to a destination go at slots `period / count`
 * apart, so no window of one period ever holds more than `count` of them. A token bucket that
 * starts full lets a whole bucket through and then its refill within the same second: twice the
 * limit. The schedule itself is a row per destination (destinations/rate-limit.sql.ts); this is
 * its arithmetic.
 */
export interface RateLimit {
  count: number;
  period: RateLimitPeriod;
}

export const PERIOD_MS: Readonly<Record<RateLimitPeriod, number>> = { SECOND: 1_000, MINUTE: 60_000, HOUR: 3_600_000 };

/**
 * How far ahead a claim books slots. A booked event waits in this process for its slot, holding
 * its lease and a concurrency slot: longer would keep more of them idle, shorter would cost more
 * claims per delivery. Under the shortest period (a second), so that when a send leaves late the
 * slot one period after it is not booked yet and can still be pushed back.
 */
export const BOOK_AHEAD_MS = 250;

/**
 * How late after its slot a send may leave before the schedule is pushed back by as much: a send
 * late by d brings the delivery one period later within d of it. Above timer jitter (a few ms).
 */
export const SLOT_TOLERANCE_MS = 5;

/** Microseconds between two slots, rounded up: `count` slots never fit in less than one period. */
export const slotIntervalUs = (limit: RateLimit): number => Math.ceil((PERIOD_MS[limit.period] * 1_000) / limit.count);

/** Slots one claim wants of a destination's schedule. */
export interface SlotRequest {
  destinationId: string;
  intervalUs: number;
  wanted: number;
}

/** What the schedule gave: `granted` slots, the last of them just before `nextFreeInMs` from now. */
export interface SlotGrant {
  granted: number;
  nextFreeInMs: number;
}

export interface SlotPlan {
  /** For each granted event, in claim order: milliseconds from now until its slot (negative: it began). */
  sendInMs: number[];
  /** For each refused event: milliseconds from now until it is due again. */
  dueInMs: number[];
}

/**
 * When the events of one destination in a claim go. Granted ones take the slots the schedule
 * booked, `intervalUs` apart and ending at `nextFreeInMs`. Refused ones are due half a booking
 * horizon before the slot each would get next: by then that slot is within the horizon, and one
 * claim books the slots of several. `alreadyRefused` counts events of this destination refused
 * earlier in the same fill, so a backlog larger than a claim is spread over later slots instead
 * of all coming back at once.
 */
export function planSlots(grant: SlotGrant, intervalUs: number, wanted: number, alreadyRefused = 0): SlotPlan {
  const intervalMs = intervalUs / 1_000;
  const { granted, nextFreeInMs } = grant;
  const sendInMs = Array.from({ length: granted }, (_, index) => nextFreeInMs - (granted - index) * intervalMs);
  // Never sooner than half the horizon: a refused event coming straight back would spin.
  const dueInMs = Array.from({ length: wanted - granted }, (_, index) =>
    Math.max(BOOK_AHEAD_MS / 2, nextFreeInMs + (alreadyRefused + index) * intervalMs - BOOK_AHEAD_MS / 2),
  );
  return { sendInMs, dueInMs };
}
