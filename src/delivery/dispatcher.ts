import type { Logger } from 'pino';
import { attemptDelivery, type AttemptDeps, type AttemptRecord, type ClaimedEvent } from './attempt.ts';
import { backoffDelayMs, type Backoff } from './backoff.ts';
import { createRateGate, type Admitted, type BookedSlot, type SlotStore } from './rate-gate.ts';

/** What the dispatcher reads of a recorded batch. */
export interface RecordedBatch {
  /** A failing destination's streak moved: its next probe, or after a success all its events, may go. */
  healthChanged: boolean;
}

/**
 * What the dispatcher needs from storage, declared here so the engine stays free of the domains
 * that implement it (app.ts wires the event lifecycle and the outcome recorder in).
 */
export interface DispatchStore<Recorded extends RecordedBatch> extends SlotStore {
  /** Leases up to `limit` due events for `leaseMs`, in due order. */
  claim(limit: number, leaseMs: number): Promise<ClaimedEvent[]>;
  /** Gives leased events back without an attempt, due at `dueAt` (null: as they were). */
  release(releases: Array<{ id: string; dueAt: Date | null }>): Promise<void>;
  /** When the next pending event becomes due, or null. */
  nextDueAt(): Promise<Date | null>;
  /** Records finished attempts together (one transaction). */
  record(records: AttemptRecord[]): Promise<Recorded>;
}

export interface DispatcherOptions<Recorded extends RecordedBatch> {
  store: DispatchStore<Recorded>;
  attempt: AttemptDeps;
  logger: Logger;
  /** Attempts this process runs at once. */
  concurrency: number;
  /** Most events claimed per statement. */
  batchSize: number;
  /**
   * Events claimed ahead of free slots (leased, waiting in this process): a finished attempt's
   * slot takes the next one at once instead of waiting for a claim's round trip. 0: none.
   */
  prefetch: number;
  /** How long a claimed event stays ours; longer than any attempt and its recording can take. */
  leaseMs: number;
  /** Called after each recorded batch (live updates, issues, alerts, metrics). */
  onRecorded(recorded: Recorded, records: AttemptRecord[]): void;
  /** Asks the durable scheduler (Agenda) to wake some process's dispatch at this time. */
  wakeDurably(at: Date): void;
}

export interface Dispatcher {
  /** Something may be due now: claim and deliver what is. Cheap to call often. */
  poke(): void;
  /** Something becomes due at `at` (a time in the past means now). */
  wakeAt(at: Date): void;
  /** Claims nothing more; waits up to `deadlineMs` for attempts under way, then gives the rest back. */
  stop(deadlineMs: number): Promise<{ interrupted: number }>;
}

// Past this, a wake is also handed to Agenda, so another process runs it if this one is gone.
const DURABLE_WAKE_AFTER_MS = 1_000;
const FLUSH_BATCH = 500;
const FLUSH_BACKOFF: Backoff = { initialMs: 100, factor: 2, maxMs: 5_000 };

/**
 * The delivery engine of one process. It claims due events from the event table in batches
 * (SKIP LOCKED, so processes share the work), sends each as soon as it is claimed, up to
 * `concurrency` at once, and records finished attempts together in one transaction (group
 * commit): the table is the queue, and no per-event job sits between publish and delivery.
 * Wakes come from local publishes, other processes' NOTIFYs, a timer set to the next due time,
 * and Agenda (durable wakes and the periodic sweep).
 */
export function createDispatcher<Recorded extends RecordedBatch>(options: DispatcherOptions<Recorded>): Dispatcher {
  const { store, logger } = options;
  const gate = createRateGate(store, logger);
  const inFlight = new Map<string, Promise<void>>();
  // Claimed and admitted, waiting for a slot (at most options.prefetch beyond the free slots).
  const ready: Admitted[] = [];
  const finished: AttemptRecord[] = [];
  let filling = false;
  let fillAgain = false;
  let filled: Promise<void> | undefined;
  // The last fill stopped because every slot was taken: the queue may hold more.
  let saturated = false;
  const refillAt = Math.max(1, Math.floor(options.concurrency / 4));
  let flushing: Promise<void> | undefined;
  let stopping = false;
  // Set at the stop deadline: results not yet recorded by then are given up (their events are retried).
  let abandoned = false;
  let timer: NodeJS.Timeout | undefined;
  let timerAt = Number.POSITIVE_INFINITY;

  function poke(): void {
    if (stopping) return;
    if (filling) {
      fillAgain = true;
      return;
    }
    filling = true;
    filled = fill().finally(() => {
      filling = false;
      filled = undefined;
    });
  }

  async function fill(): Promise<void> {
    try {
      do {
        fillAgain = false;
        // Refusals per rate-limited destination in this fill, so later ones are due after earlier ones.
        const refused = new Map<string, number>();
        while (!stopping) {
          const room = options.concurrency + options.prefetch - inFlight.size - ready.length;
          if (room <= 0) {
            saturated = true;
            break;
          }
          const wanted = Math.min(room, options.batchSize);
          const claimed = await store.claim(wanted, options.leaseMs);
          const { admitted, firstRefusedDue } = await gate.admit(claimed, refused);
          if (firstRefusedDue) wakeAt(firstRefusedDue);
          ready.push(...admitted);
          startReady();
          // A claim that took a failing destination's probe left the destination's other due
          // events out of its batch; the next claim passes over them, so it may find more.
          if (claimed.length < wanted && !admitted.some(({ event }) => event.probing)) {
            await wakeAtNextDue();
            break;
          }
        }
      } while (fillAgain && !stopping);
    } catch (error) {
      logger.error({ err: error }, 'dispatch could not claim due events; trying again in 1 s');
      wakeAt(new Date(Date.now() + 1_000));
    }
  }

  function startReady(): void {
    while (!stopping && inFlight.size < options.concurrency && ready.length > 0) {
      const { event, slot } = ready.shift() as Admitted;
      start(event, slot);
    }
  }

  function start(event: ClaimedEvent, slot: BookedSlot | null): void {
    const running = gate
      .untilSlot(slot)
      // Past the stop deadline an event still waiting for its slot was given back: it must not go out as well.
      .then(() => (abandoned ? null : attemptDelivery(options.attempt, event)))
      .then((record) => {
        if (!record) return;
        finished.push(record);
        flushSoon();
      })
      .catch((error: unknown) => {
        // attemptDelivery records failures as outcomes; this is a bug, and the lease brings the event back.
        logger.error({ err: error, eventId: event.id }, 'delivery attempt crashed; the event is retried when its lease ends');
      })
      .finally(() => {
        inFlight.delete(event.id);
        startReady();
        // Refill in batches: a claim per finished attempt would be a round trip per delivery.
        const room = options.concurrency + options.prefetch - inFlight.size - ready.length;
        if (saturated && (room >= refillAt || inFlight.size + ready.length === 0)) {
          saturated = false;
          poke();
        }
      });
    inFlight.set(event.id, running);
  }

  function flushSoon(): void {
    // Attempts finishing while a batch is being written wait for the next one: group commit.
    flushing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(flushAll).finally(() => {
      flushing = undefined;
      if (finished.length > 0) flushSoon();
    });
  }

  async function flushAll(): Promise<void> {
    let failures = 0;
    while (finished.length > 0 && !abandoned) {
      const batch = finished.splice(0, FLUSH_BATCH);
      try {
        const recorded = await store.record(batch);
        failures = 0;
        afterRecorded(recorded, batch);
      } catch (error) {
        // The attempts happened: keep them until the database takes them (their leases keep the
        // events ours meanwhile; if they run out, the events are retried: at least once).
        finished.unshift(...batch);
        failures += 1;
        const delay = backoffDelayMs(FLUSH_BACKOFF, failures);
        logger.error({ err: error, attempts: batch.length }, `could not record attempts; retrying in ${delay} ms`);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  function afterRecorded(recorded: Recorded, records: AttemptRecord[]): void {
    for (const record of records) {
      // A success per line would be most of the log at thousands of deliveries a second.
      logger[record.succeeded ? 'debug' : 'info'](
        { eventId: record.eventId, attemptId: record.attemptId, attempt: record.number, status: record.eventStatus, responseStatus: record.responseStatus, errorCode: record.errorCode ?? undefined },
        'delivery attempt recorded',
      );
    }
    options.onRecorded(recorded, records);
    const retryAt = Math.min(...records.map((r) => r.nextAttemptAt?.getTime() ?? Number.POSITIVE_INFINITY));
    if (Number.isFinite(retryAt)) wakeAt(new Date(retryAt));
    // An ordered connection's next event, or a failing destination's next probe, may be deliverable.
    if (recorded.healthChanged || records.some((r) => r.ordered && r.eventStatus !== 'SCHEDULED')) poke();
  }

  async function wakeAtNextDue(): Promise<void> {
    const at = await store.nextDueAt();
    if (at) wakeAt(at);
  }

  function wakeAt(at: Date): void {
    const time = at.getTime();
    if (time <= Date.now()) return poke();
    if (stopping || time >= timerAt) return;
    clearTimeout(timer);
    timerAt = time;
    timer = setTimeout(() => {
      timerAt = Number.POSITIVE_INFINITY;
      poke();
    }, Math.max(0, time - Date.now()));
    if (time - Date.now() > DURABLE_WAKE_AFTER_MS) options.wakeDurably(at);
  }

  return {
    poke,
    wakeAt,
    async stop(deadlineMs) {
      stopping = true;
      clearTimeout(timer);
      const deadline = new Promise<'deadline'>((resolve) => setTimeout(() => resolve('deadline'), deadlineMs).unref());
      const settled = (async () => {
        // A claim under way may still hand over events: wait for it, then for what it started.
        while (filled || inFlight.size > 0 || flushing) await Promise.all([filled, ...inFlight.values(), flushing]);
        return 'settled' as const;
      })();
      // Claimed ahead but never started: due again at once, for another process or the next start.
      const waiting = async () => {
        const unstarted = ready.splice(0).map(({ event }) => ({ id: event.id, dueAt: null }));
        if (unstarted.length === 0) return;
        await store.release(unstarted).catch((error: unknown) => logger.warn({ err: error, events: unstarted.length }, 'could not give back claimed events; their leases will run out'));
      };
      await waiting();
      const result = await Promise.race([settled, deadline]);
      // A claim that ended after the first give-back may have queued more.
      await waiting();
      if (result === 'settled') return { interrupted: 0 };
      abandoned = true;
      // Attempts still running are abandoned: their events are due again at once for the next
      // process (or this one after a restart). Finished ones get one last chance to be recorded.
      const interrupted = [...inFlight.keys()];
      await store.release(interrupted.map((id) => ({ id, dueAt: null }))).catch((error: unknown) =>
        logger.warn({ err: error, events: interrupted.length }, 'could not release interrupted events; their leases will run out'),
      );
      logger.warn({ events: interrupted.length }, 'shutdown deadline reached; interrupted attempts will be retried');
      return { interrupted: interrupted.length };
    },
  };
}
