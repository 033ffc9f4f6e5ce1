import WebSocket from 'ws';
import { ADMIN_KEY } from './app.ts';

export interface ProtocolMessage {
  type: string;
  id?: string;
  payload?: unknown;
}

/**
 * A graphql-transport-ws client speaking the protocol message by message, for what graphql-ws's
 * own client would not send (documents it cannot parse, one operation too many) and for close codes.
 */
export interface GraphqlSocket {
  messages: ProtocolMessage[];
  /** Resolves with the server's close code and reason. */
  closed: Promise<{ code: number; reason: string }>;
  /** Sends connection_init and resolves once acknowledged (rejects if the socket closes instead). */
  init(authorization?: string | null): Promise<void>;
  subscribe(id: string, query: string, variables?: Record<string, unknown>): void;
  complete(id: string): void;
  /** Resolves with the first message (received so far or later) that matches. */
  waitFor(predicate: (message: ProtocolMessage) => boolean, timeoutMs?: number): Promise<ProtocolMessage>;
  close(): void;
}

export async function openGraphqlSocket(baseUrl: string): Promise<GraphqlSocket> {
  const ws = new WebSocket(`${baseUrl.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
  const messages: ProtocolMessage[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data: Buffer) => {
    messages.push(JSON.parse(data.toString('utf8')) as ProtocolMessage);
    waiters.forEach((wake) => wake());
  });
  let isClosed = false;
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => {
      isClosed = true;
      resolve({ code, reason: reason.toString('utf8') });
      waiters.forEach((wake) => wake());
    }),
  );
  ws.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const send = (message: ProtocolMessage) => ws.send(JSON.stringify(message));
  const waitFor: GraphqlSocket['waitFor'] = (predicate, timeoutMs = 5_000) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = messages.find(predicate);
        if (found || isClosed) {
          waiters.delete(check);
          clearTimeout(timer);
          if (found) resolve(found);
          else reject(new Error(`socket closed before the awaited message; got ${JSON.stringify(messages)}`));
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no such message after ${timeoutMs} ms; got ${JSON.stringify(messages)}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  return {
    messages,
    closed,
    async init(authorization = `Bearer ${ADMIN_KEY}`) {
      send({ type: 'connection_init', payload: authorization ? { authorization } : {} });
      await waitFor((message) => message.type === 'connection_ack');
    },
    subscribe: (id, query, variables) => send({ type: 'subscribe', id, payload: { query, variables } }),
    complete: (id) => send({ type: 'complete', id }),
    waitFor,
    close: () => ws.close(),
  };
}

/** The `extensions.code` of an `error` message's first error. */
export function errorCode(message: ProtocolMessage): unknown {
  return (message.payload as { extensions?: { code?: unknown } }[])[0]?.extensions?.code;
}
