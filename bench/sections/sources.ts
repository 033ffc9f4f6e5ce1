import type { Hookrelay } from '../hookrelay.ts';
import { benchBody } from '../context.ts';

/** A source with `count` connections, each to its own destination on the bench receiver. */
export async function sourceWithConnections(app: Hookrelay, source: string, count: number, receiverUrl: string): Promise<void> {
  const names = Array.from({ length: count }, (_, i) => `${source}-${i}`);
  // A few at a time: upserts of one source serialize on its row anyway.
  for (let i = 0; i < names.length; i += 10) {
    await Promise.all(names.slice(i, i + 10).map((name) => app.connect(source, name, `${receiverUrl}?to=${name}`)));
  }
}

/** Publisher `worker`'s call: even workers use GraphQL publishEvent, odd ones POST /v1/publish. */
export const kindOf = (worker: number) => (worker % 2 === 0 ? 'graphql' : 'rest');

export function publish(app: Hookrelay, source: string, phase: string, n: number, worker: number): Promise<void> {
  const body = benchBody(phase, n);
  return kindOf(worker) === 'graphql' ? app.publishGraphql(source, body) : app.publishRest(source, body);
}
