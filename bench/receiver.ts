import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PhaseStats, ReceiverRequest, ReceiverMessage } from './receiver-client.ts';
import { clock, summarize } from './stats.ts';

/**
 * The bench's webhook receiver, run as its own process (forked by receiver-client.ts) so its work
 * is not charged to the publisher or the server. Answers 200 to everything and records, per phase
 * named in the JSON body, when each delivery arrived and how long after its `sentAt` stamp.
 */
interface Phase {
  arrivals: number[];
  latencies: number[];
  ids: Set<string>;
  duplicates: number;
}

const phases = new Map<string, Phase>();
const phaseOf = (name: string) => {
  let phase = phases.get(name);
  if (!phase) {
    phase = { arrivals: [], latencies: [], ids: new Set(), duplicates: 0 };
    phases.set(name, phase);
  }
  return phase;
};

interface BenchBody {
  phase?: unknown;
  sentAt?: unknown;
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const arrivedAt = clock();
    res.end('ok');
    let body: BenchBody = {};
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as BenchBody;
    } catch {
      // Not a bench body: still answered, counted under "unknown".
    }
    const phase = phaseOf(typeof body.phase === 'string' ? body.phase : 'unknown');
    phase.arrivals.push(arrivedAt);
    if (typeof body.sentAt === 'number') phase.latencies.push(arrivedAt - body.sentAt);
    // Deliveries carry the event id; a redelivery of the same event is a duplicate, not a new one.
    const id = req.headers['webhook-id'] ?? req.headers['x-hookrelay-event-id'];
    if (typeof id === 'string') {
      if (phase.ids.has(id)) phase.duplicates++;
      else phase.ids.add(id);
    }
  });
});

function stats(request: Extract<ReceiverRequest, { type: 'stats' }>): PhaseStats {
  const phase = phaseOf(request.phase);
  const from = request.from ?? Number.NEGATIVE_INFINITY;
  const to = request.to ?? Number.POSITIVE_INFINITY;
  let inWindow = 0;
  for (const at of phase.arrivals) if (at >= from && at < to) inWindow++;
  return {
    count: phase.arrivals.length,
    inWindow,
    uniqueIds: phase.ids.size,
    duplicates: phase.duplicates,
    // Pushed in arrival order, stamped by a monotonic clock.
    firstArrival: phase.arrivals[0] ?? null,
    lastArrival: phase.arrivals.at(-1) ?? null,
    latencyMs: request.latencies ? summarize(phase.latencies) : null,
  };
}

const send = (message: ReceiverMessage) => process.send?.(message);

process.on('message', (request: ReceiverRequest) => {
  if (request.type === 'stats') send({ type: 'stats', id: request.id, stats: stats(request) });
  else if (request.type === 'forget') phases.delete(request.phase);
});
// The parent going away ends the receiver too: it must never outlive a bench run.
process.on('disconnect', () => process.exit(0));

server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => send({ type: 'listening', port: (server.address() as AddressInfo).port }));
