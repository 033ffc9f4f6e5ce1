import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type ExecutionResult } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { Events, PublishEvent, UpsertConnection } from '../../documents.ts';
import type { EventsQuery, UpsertConnectionInput } from '../../generated/graphql.ts';
import { ADMIN_KEY } from '../../helpers/app.ts';

/**
 * Hookrelay in another process, reached as a platform's backend reaches it: GraphQL over HTTP,
 * POST /v1/publish, graphql-ws. The base URL is asked for on every call because a restarted
 * process listens on a new port; undefined means "down right now".
 */
export type Via = 'graphql' | 'rest';

export type PublishOutcome =
  | { kind: 'accepted'; replayed: boolean; /** GraphQL answers with the ids; REST only with a count. */ eventIds?: string[] }
  /** An answer that is not a success: HTTP status, and extensions.code (GraphQL) or error.code (REST). */
  | { kind: 'refused'; httpStatus: number; code: string; message: string }
  /** No answer at all: nothing listening, connection reset, or no answer in time. */
  | { kind: 'unreachable'; message: string };

export interface PublishCall {
  source: string;
  body: unknown;
  idempotencyKey: string;
}

export type EventNode = EventsQuery['events']['edges'][number]['node'];

export interface RemoteApi {
  /** Runs a typed document as admin; throws with the errors when the response has any. */
  gql<R, V>(document: TypedDocumentNode<R, V>, variables: V): Promise<R>;
  publish(via: Via, call: PublishCall): Promise<PublishOutcome>;
  /** Every event of a source, all pages. */
  eventsOf(sourceName: string): Promise<EventNode[]>;
  /** A graphql-ws client authenticated as admin; the caller disposes it. */
  ws(): Client;
}

// Longer than any answer a healthy server gives under these loads; past it a publish counts as unanswered.
const ANSWER_TIMEOUT_MS = 10_000;
const authorization = `Bearer ${ADMIN_KEY}`;

export function remoteApi(baseUrl: () => string | undefined): RemoteApi {
  const current = () => {
    const url = baseUrl();
    if (!url) throw new Error('Hookrelay is down');
    return url;
  };

  async function post(path: string, headers: Record<string, string>, body: string): Promise<Response> {
    return fetch(`${current()}${path}`, { method: 'POST', headers: { authorization, ...headers }, body, signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS) });
  }

  async function raw<R, V>(document: TypedDocumentNode<R, V>, variables: V): Promise<{ status: number; result: ExecutionResult<R> }> {
    const response = await post('/graphql', { 'content-type': 'application/json' }, JSON.stringify({ query: print(document), variables }));
    return { status: response.status, result: (await response.json()) as ExecutionResult<R> };
  }

  async function gql<R, V>(document: TypedDocumentNode<R, V>, variables: V): Promise<R> {
    const { status, result } = await raw(document, variables);
    if (result.errors?.length || !result.data) throw new Error(`GraphQL ${status}: ${JSON.stringify(result.errors)}`);
    return result.data;
  }

  async function publishGraphql(call: PublishCall): Promise<PublishOutcome> {
    const { status, result } = await raw(PublishEvent, { input: call });
    const published = result.data?.publishEvent;
    if (published) return { kind: 'accepted', replayed: published.replayed, eventIds: published.events.map((event) => event.id) };
    const [error] = result.errors ?? [];
    return { kind: 'refused', httpStatus: status, code: String(error?.extensions?.code ?? 'NONE'), message: error?.message ?? JSON.stringify(result) };
  }

  async function publishRest(call: PublishCall): Promise<PublishOutcome> {
    const response = await post(
      '/v1/publish',
      { 'content-type': 'application/json', 'x-hookrelay-source-name': call.source, 'idempotency-key': call.idempotencyKey },
      JSON.stringify(call.body),
    );
    const answer = (await response.json()) as { replayed?: boolean; error?: { code: string; message: string } };
    if (response.status === 200) return { kind: 'accepted', replayed: answer.replayed === true };
    return { kind: 'refused', httpStatus: response.status, code: answer.error?.code ?? 'NONE', message: answer.error?.message ?? JSON.stringify(answer) };
  }

  return {
    gql,
    async publish(via, call) {
      try {
        return await (via === 'graphql' ? publishGraphql(call) : publishRest(call));
      } catch (error) {
        const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
        return { kind: 'unreachable', message: `${error instanceof Error ? error.message : String(error)}${cause}` };
      }
    },
    async eventsOf(sourceName) {
      const nodes: EventNode[] = [];
      let after: string | null | undefined;
      do {
        const { events } = await gql(Events, { filter: { sourceName }, first: 100, after });
        nodes.push(...events.edges.map((edge) => edge.node));
        after = events.pageInfo.hasNextPage ? events.pageInfo.endCursor : undefined;
      } while (after);
      return nodes;
    },
    ws: () =>
      createClient({
        url: `${current().replace('http', 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: { authorization },
        retryAttempts: 0,
        lazy: true,
      }),
  };
}

/** Wires `source` to `url` with retries quick enough for a test to watch them. */
export async function connectSource(api: RemoteApi, source: string, url: string, rules: UpsertConnectionInput['rules'] = {}): Promise<void> {
  await api.gql(UpsertConnection, {
    input: {
      name: source,
      source: { name: source },
      destination: { name: source, url },
      rules: { retry: { strategy: 'LINEAR', count: 10, intervalMs: 500 }, ...rules },
    },
  });
}
