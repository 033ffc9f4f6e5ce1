import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Summary } from './stats.ts';
import { sleep } from './stats.ts';

/** What the receiver process knows about one phase (see receiver.ts). Times are clock() values. */
export interface PhaseStats {
  count: number;
  /** Arrivals within [from, to). */
  inWindow: number;
  uniqueIds: number;
  duplicates: number;
  firstArrival: number | null;
  lastArrival: number | null;
  /** Arrival minus the body's sentAt, when asked for. */
  latencyMs: Summary | null;
}

export type ReceiverRequest =
  | { type: 'stats'; id: number; phase: string; from?: number; to?: number; latencies?: boolean }
  | { type: 'forget'; phase: string };

export type ReceiverMessage = { type: 'listening'; port: number } | { type: 'stats'; id: number; stats: PhaseStats };

export interface ReceiverProcess {
  /** http://127.0.0.1:<port>/hook */
  url: string;
  pid: number;
  stats(phase: string, options?: { from?: number; to?: number; latencies?: boolean }): Promise<PhaseStats>;
  /** Resolves with the phase's stats once `count` deliveries arrived, or when `timeoutMs` passed. */
  waitFor(phase: string, count: number, timeoutMs: number): Promise<PhaseStats>;
  forget(phase: string): void;
  stop(): Promise<void>;
}

const RECEIVER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'receiver.ts');

export async function startReceiver(): Promise<ReceiverProcess> {
  const child: ChildProcess = fork(RECEIVER, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pending = new Map<number, (stats: PhaseStats) => void>();
  let nextId = 0;
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    void exited.then(() => reject(new Error('the bench receiver exited before listening')));
    child.on('message', (message: ReceiverMessage) => {
      if (message.type === 'listening') resolve(message.port);
      else pending.get(message.id)?.(message.stats);
    });
  });
  const send = (request: ReceiverRequest) => child.send(request);
  const stats: ReceiverProcess['stats'] = (phase, options = {}) =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, (result) => {
        pending.delete(id);
        resolve(result);
      });
      send({ type: 'stats', id, phase, ...options });
    });
  return {
    url: `http://127.0.0.1:${port}/hook`,
    pid: child.pid as number,
    stats,
    async waitFor(phase, count, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        // Sorting latencies costs the receiver CPU: only the last poll asks for them.
        const current = await stats(phase);
        if (current.count >= count || Date.now() >= deadline) return stats(phase, { latencies: true });
        await sleep(200);
      }
    },
    forget: (phase) => send({ type: 'forget', phase }),
    async stop() {
      child.disconnect();
      await exited;
    },
  };
}
