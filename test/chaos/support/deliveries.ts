import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Receiver, RecordedRequest } from '../../helpers/receiver.ts';

/**
 * What a receiver got, keyed the two ways that matter under faults: by webhook-id (a redelivery of
 * one event repeats its id) and by the published number n (one publish must map to one event,
 * however often it is delivered). Reads the receiver's requests incrementally.
 */
export interface DeliveryTally {
  /** Requests so far. */
  count(): number;
  /** webhook-id -> requests that carried it. */
  byId(): ReadonlyMap<string, readonly RecordedRequest[]>;
  /** n -> the distinct webhook-ids it arrived under. */
  idsByN(): ReadonlyMap<number, ReadonlySet<string>>;
  /** Requests beyond the first for each webhook-id. */
  duplicates(): number;
  /** Resolves with the wait in ms once every n arrived at least once. */
  waitForAll(ns: Iterable<number>, timeoutMs: number): Promise<number>;
  /** Resolves once no request arrived for `quietMs` (a late redelivery would show up by then). */
  settle(quietMs: number, timeoutMs?: number): Promise<void>;
}

export function tallyDeliveries(receiver: Receiver): DeliveryTally {
  const byId = new Map<string, RecordedRequest[]>();
  const idsByN = new Map<number, Set<string>>();
  let read = 0;

  const update = () => {
    for (; read < receiver.requests.length; read++) {
      const request = receiver.requests[read];
      const id = request.headers['webhook-id'] ?? '(none)';
      byId.set(id, [...(byId.get(id) ?? []), request]);
      const { n } = JSON.parse(request.body) as { n: number };
      idsByN.set(n, (idsByN.get(n) ?? new Set()).add(id));
    }
  };

  return {
    count: () => {
      update();
      return read;
    },
    byId: () => {
      update();
      return byId;
    },
    idsByN: () => {
      update();
      return idsByN;
    },
    duplicates: () => {
      update();
      return read - byId.size;
    },
    async waitForAll(ns, timeoutMs) {
      const wanted = [...ns];
      const started = performance.now();
      for (;;) {
        update();
        const missing = wanted.filter((n) => !idsByN.has(n));
        if (missing.length === 0) return performance.now() - started;
        if (performance.now() - started > timeoutMs) {
          throw new Error(`${missing.length} of ${wanted.length} accepted events never arrived within ${timeoutMs} ms, e.g. n=${missing.slice(0, 10).join(', ')}`);
        }
        await sleep(100);
      }
    },
    async settle(quietMs, timeoutMs = 30_000) {
      const started = performance.now();
      let seen = receiver.requests.length;
      let quietSince = performance.now();
      while (performance.now() - quietSince < quietMs) {
        if (performance.now() - started > timeoutMs) throw new Error(`receiver still busy after ${timeoutMs} ms`);
        await sleep(100);
        if (receiver.requests.length !== seen) {
          seen = receiver.requests.length;
          quietSince = performance.now();
        }
      }
    },
  };
}

/** Each n whose deliveries carried more than one webhook-id: one publish stored as several events. */
export function splitPublishes(tally: DeliveryTally): Array<[number, string[]]> {
  return [...tally.idsByN()].filter(([, ids]) => ids.size > 1).map(([n, ids]) => [n, [...ids]]);
}
