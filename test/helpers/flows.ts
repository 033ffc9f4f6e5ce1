import { EventById, PublishEvent, UpsertConnection } from '../documents.ts';
import type { UpsertConnectionInput } from '../generated/graphql.ts';
import { eventually, type TestApp } from './app.ts';

/**
 * The steps most delivery tests take: wire a fresh tenant to a URL, publish to it, and wait for an
 * event to reach a final state. Each connect() makes its own source, so tests never share events.
 */
export function deliveryFlows(app: () => TestApp, prefix: string) {
  let counter = 0;
  const eventById = async (id: string) => {
    const { event } = await app().gql(EventById, { id });
    if (!event) throw new Error(`no event ${id}`);
    return event;
  };
  return {
    async connect(url: string, rules: UpsertConnectionInput['rules'] = {}) {
      const name = `${prefix}${++counter}`;
      const { upsertConnection } = await app().gql(UpsertConnection, {
        input: {
          name,
          source: { name: `tenant-${name}` },
          destination: { name, url },
          rules: { retry: { strategy: 'LINEAR', count: 2, intervalMs: 100 }, ...rules },
        },
      });
      return upsertConnection;
    },
    async publish(source: string, body: unknown, extra: { headers?: Record<string, string>; path?: string; query?: Record<string, unknown>; eventType?: string } = {}) {
      return (await app().gql(PublishEvent, { input: { source, body, ...extra } })).publishEvent;
    },
    eventById,
    settled: (id: string) =>
      eventually(
        async () => {
          const event = await eventById(id);
          return ['SUCCESSFUL', 'FAILED', 'CANCELLED'].includes(event.status) ? event : undefined;
        },
        15_000,
        `event ${id} to settle`,
      ),
  };
}
