import pg from 'pg';
import type { Logger } from 'pino';
import { createPubSub } from 'graphql-yoga';

/**
 * Live delivery updates cross processes through PostgreSQL LISTEN/NOTIFY: whichever process makes
 * an attempt NOTIFYs, and every process pushes the update to its own subscribers of that source.
 * Updates are batched into as few NOTIFYs as fit, because each NOTIFY takes a global lock at commit.
 */
export interface DeliveryUpdateRef {
  sourceId: string;
  eventId: string;
  attemptId: string | null;
}

export interface LiveBus {
  /** Best effort: never rejects; a failed NOTIFY is logged (the stored history stays the truth). */
  publish(updates: DeliveryUpdateRef[]): Promise<void>;
  subscribe(sourceId: string): AsyncIterable<DeliveryUpdateRef>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const CHANNEL = 'hookrelay_delivery';
// PostgreSQL's NOTIFY payload limit is 8000 bytes.
const MAX_PAYLOAD = 7_800;

type Wire = [sourceId: string, eventId: string, attemptId: string | null];

export function encodeBatches(updates: DeliveryUpdateRef[]): string[] {
  const batches: string[] = [];
  let current: Wire[] = [];
  let size = 2;
  for (const update of updates) {
    const wire: Wire = [update.sourceId, update.eventId, update.attemptId];
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

export function createLiveBus(databaseUrl: string, logger: Logger): LiveBus {
  const pubSub = createPubSub<{ delivery: [sourceId: string, update: DeliveryUpdateRef] }>();
  const notifier = new pg.Pool({ connectionString: databaseUrl, max: 2, allowExitOnIdle: true });
  notifier.on('error', (error) => logger.warn({ err: error.message }, 'live notifier connection error'));
  let listener: pg.Client | undefined;
  let stopped = false;
  let reconnectTimer: NodeJS.Timeout | undefined;

  function dispatch(payload: string | undefined) {
    if (!payload) return;
    try {
      for (const [sourceId, eventId, attemptId] of JSON.parse(payload) as Wire[]) {
        pubSub.publish('delivery', sourceId, { sourceId, eventId, attemptId });
      }
    } catch (error) {
      logger.warn({ err: error }, 'ignored a malformed live update');
    }
  }

  async function listen(): Promise<void> {
    const client = new pg.Client({ connectionString: databaseUrl });
    client.on('notification', (message) => dispatch(message.payload));
    client.on('error', (error) => {
      if (stopped) return;
      logger.warn({ err: error.message }, 'live listener lost its connection; reconnecting');
      client.end().catch(() => undefined);
      if (listener === client) listener = undefined;
      scheduleReconnect();
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
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

  return {
    async publish(updates) {
      try {
        for (const payload of encodeBatches(updates)) {
          await notifier.query('SELECT pg_notify($1, $2)', [CHANNEL, payload]);
        }
      } catch (error) {
        logger.warn({ err: error, updates: updates.length }, 'could not announce live delivery updates');
      }
    },
    subscribe: (sourceId) => pubSub.subscribe('delivery', sourceId),
    start: listen,
    async stop() {
      stopped = true;
      clearTimeout(reconnectTimer);
      await listener?.end().catch(() => undefined);
      await notifier.end().catch(() => undefined);
    },
  };
}
