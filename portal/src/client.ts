import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange, type CombinedError } from '@urql/core';
import { createClient as createSocket, type Client as Socket } from 'graphql-ws';
import { store, type Store } from './ui/store.ts';

/** What the live indicator says about the graphql-ws socket. */
export type SocketState = 'connecting' | 'live' | 'reconnecting' | 'closed';

export interface PortalClient {
  client: Client;
  socket: Socket;
  socketState: Store<SocketState>;
}

/** Hookrelay's close codes after which reconnecting with the same token cannot help. */
const CLOSE_FORBIDDEN = 4403; // connectionParams refused: invalid, expired or revoked token
const CLOSE_AUTHENTICATION_LAPSED = 4401; // the token expired or was revoked while connected

export interface Unauthenticated {
  message: string;
  /** From the error's extensions when the server knows the token (expired or revoked). */
  returnUrl: string | null;
}

/** UNAUTHENTICATED in a result's errors, with the server's message and return link. */
export function unauthenticated(error: CombinedError | undefined): Unauthenticated | null {
  const found = error?.graphQLErrors.find((e) => e.extensions?.code === 'UNAUTHENTICATED');
  if (!found) return null;
  const returnUrl = found.extensions.returnUrl;
  return { message: found.message, returnUrl: typeof returnUrl === 'string' ? returnUrl : null };
}

const isCloseEvent = (value: unknown): value is { code: number; reason: string } =>
  typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'number';

/**
 * urql over HTTP (POST /graphql) for queries and mutations and over graphql-ws (same host,
 * /graphql) for subscriptions, both with the session token. The socket is opened at once and kept
 * open (not lazy), so the indicator shows the truth even when no page subscribes, and reconnects
 * with a capped backoff for as long as the page is open.
 */
export function createPortalClient(token: string, onUnauthenticated: (reason: Unauthenticated) => void): PortalClient {
  const authorization = `Bearer ${token}`;
  const socketState = store<SocketState>('connecting');
  let wasLive = false;

  const socket = createSocket({
    url: `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/graphql`,
    connectionParams: { authorization },
    lazy: false,
    keepAlive: 20_000,
    retryAttempts: Number.MAX_SAFE_INTEGER,
    // Randomised, doubling from 0.5 s up to 10 s: many tabs do not come back all at once.
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 500 * 2 ** retries) * (0.5 + Math.random() / 2))),
    shouldRetry: (event) => !(isCloseEvent(event) && (event.code === CLOSE_FORBIDDEN || event.code === CLOSE_AUTHENTICATION_LAPSED)),
    // Failures show in the indicator; graphql-ws would log them to the console otherwise.
    onNonLazyError: () => undefined,
    on: {
      connecting: (isRetry) => socketState.set(isRetry || wasLive ? 'reconnecting' : 'connecting'),
      connected: () => {
        wasLive = true;
        socketState.set('live');
      },
      closed: (event) => {
        if (isCloseEvent(event) && (event.code === CLOSE_FORBIDDEN || event.code === CLOSE_AUTHENTICATION_LAPSED)) {
          socketState.set('closed');
          // The close reason has the message but not the return link: ask over HTTP, whose
          // UNAUTHENTICATED error carries it and lands in onResult below.
          void client.query(VIEWER_PROBE, {}, { requestPolicy: 'network-only' }).toPromise();
          return;
        }
        socketState.set(wasLive ? 'reconnecting' : 'connecting');
      },
    },
  });

  let expired = false;
  const client: Client = new Client({
    url: '/graphql',
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
    fetchOptions: { headers: { authorization } },
    exchanges: [
      mapExchange({
        onResult(result) {
          const reason = unauthenticated(result.error);
          if (reason && !expired) {
            expired = true;
            onUnauthenticated(reason);
          }
        },
      }),
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: socket.subscribe({ query: request.query ?? '', variables: request.variables }, sink) }),
        }),
      }),
    ],
  });
  return { client, socket, socketState };
}

/** The smallest query that authenticates: its answer says whether the token still holds. */
const VIEWER_PROBE = '{ viewer { capabilities } }';
