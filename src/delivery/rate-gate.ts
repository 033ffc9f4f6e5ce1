import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { ClaimedEvent } from './attempt.ts';
import { planSlots, SLOT_TOLERANCE_MS, slotIntervalUs, type RateLimit, type SlotGrant, type SlotRequest } from './rate-limit.ts';

/** The rate-limit schedules, as the dispatcher's store provides them. */
export interface SlotStore {
  /** Books slots of the destinations' schedules; returns what each granted. */
  takeSlots(requests: SlotRequest[]): Promise<Map<string, SlotGrant>>;
  /** Moves the destinations' schedules later: slots not booked yet come `byMs` later. */
  delaySlots(delays: Array<{ destinationId: string; byMs: number }>): Promise<void>;
  /** Gives leased events back without an attempt, due at `dueAt`. */
  release(releases: Array<{ id: string; dueAt: Date }>): Promise<void>;
}

/**
 * A booked slot in this process's clock (performance.now()). `at` is never before the slot: the
 * schedule answered with times from the end of its statement, which came before the answer did.
 * `earliest` is never after it (the same times from before the question went out), so a send
 * compared with it is never thought more punctual than it was.
 */
export interface BookedSlot {
  destinationId: string;
  at: number;
  earliest: number;
  /** This process's pushes of the schedule before the booking (see createRateGate). */
  pushedBefore: number;
}

export interface Admitted {
  event: ClaimedEvent;
  /** Null: no rate limit, it goes now. */
  slot: BookedSlot | null;
}

export interface RateGate {
  /**
   * Books slots for the rate-limited events of a claim. Refused ones go back, due shortly before
   * the slot each would get next; returns the rest, and when the first refused one is due.
   * `refusedBefore` counts refusals per destination earlier in the same fill (and is updated).
   */
  admit(claimed: ClaimedEvent[], refusedBefore: Map<string, number>): Promise<{ admitted: Admitted[]; firstRefusedDue: Date | null }>;
  /** Resolves when the event may be sent. */
  untilSlot(slot: BookedSlot | null): Promise<void>;
}

/**
 * Strict limits hold only if sends leave at their slots. A send that leaves late by d (a busy
 * event loop) comes within period - d of the delivery one period after it, so the gate pushes the
 * rest of that destination's schedule back by d: late sends slow the destination down instead of
 * breaking its limit. A push after the booking already put that much room behind it, so one stall
 * that makes several sends late pushes once; pushes of one turn of the event loop go together.
 */
export function createRateGate(store: SlotStore, logger: Logger): RateGate {
  const lateness = new Map<string, number>();
  // Milliseconds this process has pushed each schedule by, so far.
  const pushed = new Map<string, number>();

  function noteLate(slot: BookedSlot): void {
    const { destinationId } = slot;
    const late = performance.now() - slot.earliest - ((pushed.get(destinationId) ?? 0) - slot.pushedBefore);
    if (late <= SLOT_TOLERANCE_MS) return;
    if (lateness.size === 0) setImmediate(pushBack);
    lateness.set(destinationId, Math.max(late, lateness.get(destinationId) ?? 0));
  }

  function pushBack(): void {
    const delays = [...lateness].map(([destinationId, byMs]) => ({ destinationId, byMs }));
    lateness.clear();
    store.delaySlots(delays).then(
      () => delays.forEach(({ destinationId, byMs }) => pushed.set(destinationId, (pushed.get(destinationId) ?? 0) + byMs)),
      (error: unknown) => logger.warn({ err: error, destinations: delays.length }, 'could not push back rate-limit schedules after late sends'),
    );
  }

  return {
    async admit(claimed, refusedBefore) {
      const admitted: Admitted[] = [];
      const limited = new Map<string, { limit: RateLimit; events: ClaimedEvent[] }>();
      for (const event of claimed) {
        const { id, rateLimit } = event.destination;
        if (!rateLimit) admitted.push({ event, slot: null });
        else limited.set(id, { limit: rateLimit, events: [...(limited.get(id)?.events ?? []), event] });
      }
      if (limited.size === 0) return { admitted, firstRefusedDue: null };
      const requests = [...limited].map(([destinationId, { limit, events }]) => ({ destinationId, intervalUs: slotIntervalUs(limit), wanted: events.length }));
      const asked = performance.now();
      const grants = await store.takeSlots(requests);
      const answered = performance.now();
      const releases: Array<{ id: string; dueAt: Date }> = [];
      const now = Date.now();
      for (const { destinationId, intervalUs, wanted } of requests) {
        const events = limited.get(destinationId)?.events ?? [];
        const before = refusedBefore.get(destinationId) ?? 0;
        const { sendInMs, dueInMs } = planSlots(grants.get(destinationId) ?? { granted: 0, nextFreeInMs: 0 }, intervalUs, wanted, before);
        refusedBefore.set(destinationId, before + dueInMs.length);
        const pushedBefore = pushed.get(destinationId) ?? 0;
        sendInMs.forEach((inMs, index) => admitted.push({ event: events[index] as ClaimedEvent, slot: { destinationId, at: answered + inMs, earliest: asked + inMs, pushedBefore } }));
        dueInMs.forEach((inMs, index) => releases.push({ id: (events[sendInMs.length + index] as ClaimedEvent).id, dueAt: new Date(now + inMs) }));
      }
      await store.release(releases);
      const firstRefusedDue = releases.length > 0 ? new Date(Math.min(...releases.map((r) => r.dueAt.getTime()))) : null;
      return { admitted, firstRefusedDue };
    },

    async untilSlot(slot) {
      if (!slot) return;
      await sleepUntil(slot.at);
      noteLate(slot);
    },
  };
}

/** Resolves at `target` (performance.now() time), never before it: a timer can fire a little early. */
function sleepUntil(target: number): Promise<void> {
  const left = target - performance.now();
  if (left <= 0) return Promise.resolve();
  return new Promise<void>((resolve) => setTimeout(resolve, Math.ceil(left))).then(() => sleepUntil(target));
}
