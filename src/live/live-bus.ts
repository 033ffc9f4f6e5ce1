import pg from 'pg';
import type { Logger } from 'pino';
import { EventEmitter, on } from 'node:events';

/**
 * Live updates cross processes through PostgreSQL LISTEN/NOTIFY: whichever process makes an
 * attempt (or opens an issue) NOTIFYs, and every process pushes the update to its own subscribers.
 * Updates are batched into as few NOTIFYs as fit, because each NOTIFY takes a global lock at commit.
 */
export interface DeliveryUpdateRef {
  sourceId: string;
  eventId: string;
  attemptId: string | null;
  /**
   * False when the change left the event with nothing to claim (held, cancelled, failed): no
   * dispatcher needs the cue. Left out when it may be claimable, which cues them.
   */
  claimable?: false;
}

/**
 * Events whose status changed without an attempt, from rows an UPDATE ... RETURNING id, source_id
 * gave; `claimable: false` when the statement only ever leaves them unclaimable.
 */
export const statusChanges = (rows: ReadonlyArray<{ id: string; source_id: string }>, claimable?: false): DeliveryUpdateRef[] =>
  rows.map((row) => ({ sourceId: row.source_id, eventId: row.id, attemptId: null, ...(claimable === false ? { claimable } : {}) }));

export type IssueChangeKind = 'OPENED' | 'UPDATED' | 'ACKNOWLEDGED' | 'RESOLVED' | 'DESTINATION_DISABLED' | 'DESTINATION_ENABLED';

/** What changed about a source's delivery health: an issue, or (DESTINATION_*) a destination. */
export interface IssueUpdateRef {
  sourceId: string;
  change: IssueChangeKind;
  /** The issue's id, or the destination's for DESTINATION_* changes. */
  subjectId: string;
}

export interface LiveBus {
  /** Best effort: never rejects; a failed NOTIFY is logged (the stored history stays the truth). */
  publish(updates: DeliveryUpdateRef[]): Promise<void>;
  publishIssues(updates: IssueUpdateRef[]): Promise<void>;
  subscribe(sourceId: string): AsyncIterable<DeliveryUpdateRef>;
  /** One source's issue updates, or every source's with null. */
  subscribeIssues(sourceId: string | null): AsyncIterable<IssueUpdateRef>;
  /** Hears every delivery update from any process (the dispatcher wakes on new claimable events). */
  onDelivery(listener: (update: DeliveryUpdateRef) => void): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const DELIVERY_CHANNEL = 'hookrelay_delivery';
const ISSUE_CHANNEL = 'hookrelay_issue';
const ALL_SOURCES = '*';
// PostgreSQL's NOTIFY payload limit is 8000 bytes.
const MAX_PAYLOAD = 7_800;

/** A 0 at the end: not claimable (processes from before it ignore the extra element, and cue). */
type DeliveryWire = [sourceId: string, eventId: string, attemptId: string | null, unclaimable?: 0];
type IssueWire = [sourceId: string, subjectId: string, change: IssueChangeKind];

/** Packs wire tuples, in order, into JSON arrays that each fit one NOTIFY payload. */
export function encodeBatches(wires: readonly unknown[][]): string[] {
  const batches: string[] = [];
  let current: unknown[][] = [];
  let size = 2;
  for (const wire of wires) {
    const length = JSON.stringify(wire).length + 1;
    if (size + length > MAX_PAYLOAD && current.length > 0) {
      batches.push(JSON.stringify(current));
      current = [];
      size = 2;
    }
    current.push(wire);
    size += length;
  }
  if (current.length > 0) batches.push(JSON.stringify(current));
  return batches;
}

/**
 * Items of concurrent callers share sends: while one batch is being sent, the next calls gather
 * and go together, so a burst of publishes does not queue on NOTIFY's commit lock one by one. An
 * idle sender sends at once; nothing waits for a timer. Each call resolves once its items are sent;
 * `send` must not reject.
 */
export function coalesce<T>(send: (items: T[]) => Promise<void>): (items: T[]) => Promise<void> {
  let pending: T[] = [];
  let waiting: Array<() => void> = [];
  let sending = false;
  async function drain(): Promise<void> {
    sending = true;
    while (pending.length > 0) {
      const [items, done] = [pending, waiting];
      [pending, waiting] = [[], []];
      await send(items);
      for (const resolve of done) resolve();
    }
    sending = false;
  }
  return (items) =>
    new Promise<void>((resolve) => {
      if (items.length === 0) return resolve();
      pending.push(...items);
      waiting.push(resolve);
      if (!sending) void drain();
    });
}

/**
 * The updates emitted under `name`, as an async iterator. Not an async generator: a generator
 * waiting for the next update cannot be returned until one arrives, so an unsubscribe would leave
 * its listener behind; events.on's iterator removes it at once.
 */
function stream<T>(emitter: EventEmitter, name: string): AsyncIterableIterator<T> {
  const source = on(emitter, name) as AsyncIterableIterator<[T]>;
  const iterator: AsyncIterableIterator<T> = {
    async next() {
      const result = await source.next();
      return result.done ? { done: true, value: undefined } : { done: false, value: result.value[0] };
    },
    async return() {
      await source.return?.();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

export function createLiveBus(databaseUrl: string, logger: Logger): LiveBus {
  const local = new EventEmitter();
  // One listener per open subscription: thousands are normal, not a leak.
  local.setMaxListeners(0);
  const deliveryListeners: Array<(update: DeliveryUpdateRef) => void> = [];
  const notifier = new pg.Pool({ connectionString: databaseUrl, max: 2, allowExitOnIdle: true });
  notifier.on('error', (error) => logger.warn({ err: error.message }, 'live notifier connection error'));
  let listener: pg.Client | undefined;
  let stopped = false;
  let reconnectTimer: NodeJS.Timeout | undefined;

  function receive(channel: string, payload: string | undefined) {
    if (!payload) return;
    try {
      if (channel === ISSUE_CHANNEL) {
        for (const [sourceId, subjectId, change] of JSON.parse(payload) as IssueWire[]) {
          const update = { sourceId, subjectId, change };
          local.emit(`issue:${sourceId}`, update);
          local.emit(`issue:${ALL_SOURCES}`, update);
        }
        return;
      }
      for (const [sourceId, eventId, attemptId, unclaimable] of JSON.parse(payload) as DeliveryWire[]) {
        const update: DeliveryUpdateRef = unclaimable === 0 ? { sourceId, eventId, attemptId, claimable: false } : { sourceId, eventId, attemptId };
        local.emit(`delivery:${sourceId}`, update);
        for (const listen of deliveryListeners) listen(update);
      }
    } catch (error) {
      logger.warn({ err: error }, 'ignored a malformed live update');
    }
  }

  async function listen(): Promise<void> {
    const client = new pg.Client({ connectionString: databaseUrl });
    client.on('notification', (message) => receive(message.channel, message.payload));
    client.on('error', (error) => {
      if (stopped) return;
      logger.warn({ err: error.message }, 'live listener lost its connection; reconnecting');
      client.end().catch(() => undefined);
      if (listener === client) listener = undefined;
      scheduleReconnect();
    });
    await client.connect();
    await client.query(`LISTEN ${DELIVERY_CHANNEL}; LISTEN ${ISSUE_CHANNEL}`);
    listener = client;
  }

  function scheduleReconnect() {
    if (stopped || reconnectTimer) return;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      listen().catch((error: unknown) => {
        logger.warn({ err: error }, 'live listener could not reconnect; retrying');
        scheduleReconnect();
      });
    }, 1_000);
  }

  async function notifyNow(channel: string, wires: unknown[][]): Promise<void> {
    try {
      for (const payload of encodeBatches(wires)) await notifier.query('SELECT pg_notify($1, $2)', [channel, payload]);
    } catch (error) {
      logger.warn({ err: error, channel, updates: wires.length }, 'could not announce live updates');
    }
  }

  const notifyDelivery = coalesce<unknown[]>((wires) => notifyNow(DELIVERY_CHANNEL, wires));
  const notifyIssue = coalesce<unknown[]>((wires) => notifyNow(ISSUE_CHANNEL, wires));

  return {
    publish: (updates) =>
      notifyDelivery(updates.map((u): DeliveryWire => (u.claimable === false ? [u.sourceId, u.eventId, u.attemptId, 0] : [u.sourceId, u.eventId, u.attemptId]))),
    publishIssues: (updates) => notifyIssue(updates.map((u): IssueWire => [u.sourceId, u.subjectId, u.change])),
    subscribe: (sourceId) => stream(local, `delivery:${sourceId}`),
    subscribeIssues: (sourceId) => stream(local, `issue:${sourceId ?? ALL_SOURCES}`),
    onDelivery: (listen) => {
      deliveryListeners.push(listen);
    },
    start: listen,
    async stop() {
      stopped = true;
      clearTimeout(reconnectTimer);
      await listener?.end().catch(() => undefined);
      await notifier.end().catch(() => undefined);
    },
  };
}
