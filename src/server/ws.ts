import type { Server } from 'node:http';
import { CloseCode, handleProtocols, makeServer } from 'graphql-ws';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import type { Authenticator } from '../tenancy/principal.ts';
import type { SessionRegistry } from './sessions.ts';
import { graphqlWsOptions, type SocketExtra } from './ws-operations.ts';
import type { Yoga } from './yoga.ts';

export interface WsLimits {
  /** HOOKRELAY_WS_MAX_PAYLOAD_BYTES */
  maxPayloadBytes: number;
  /** HOOKRELAY_WS_MAX_SUBSCRIPTIONS */
  maxSubscriptions: number;
}

/** Pings this often; a socket that has not answered the previous ping by then is dropped. */
const KEEP_ALIVE_MS = 12_000;

/**
 * Largest message before the socket is authenticated (connection_init carries a key, not data):
 * otherwise anyone could make the server parse a megabyte of JSON per frame, as fast as they send,
 * until the connection_init timeout.
 */
const MAX_UNAUTHENTICATED_MESSAGE_BYTES = 16_384;

/**
 * graphql-ws on the HTTP server's /graphql. Our own glue around graphql-ws's makeServer rather
 * than its `useServer`, which logs every client's protocol error with console.error and answers an
 * exception with 4500 and its message: here a client's broken frame (too big: 1009, malformed:
 * 1002/1007, closed by ws itself) is logged at debug, and a bug closes with 4500 and no details.
 */
export function attachGraphqlWs(
  server: Server,
  deps: { yoga: Yoga; authenticator: Authenticator; sessions: SessionRegistry; logger: Logger },
  limits: WsLimits,
): { dispose(): Promise<void> } {
  const { yoga, logger } = deps;
  const graphqlWs = makeServer(graphqlWsOptions({ ...deps, maxSubscriptions: limits.maxSubscriptions }));
  // maxPayload is checked from a frame's header, before its body is buffered.
  const wsServer = new WebSocketServer({ server, path: yoga.graphqlEndpoint, maxPayload: limits.maxPayloadBytes, handleProtocols });

  wsServer.on('connection', (socket, request) => {
    socket.on('error', (error) => logger.debug({ err: error }, 'WebSocket closed: the client broke the protocol'));
    let alive = true;
    socket.on('pong', () => (alive = true));
    const keepAlive = setInterval(() => {
      if (!alive) return socket.terminate();
      alive = false;
      socket.ping();
    }, KEEP_ALIVE_MS);
    const extra: SocketExtra = { socket, request };
    const closed = graphqlWs.opened(
      {
        protocol: socket.protocol,
        send: (data) =>
          new Promise<void>((resolve, reject) => {
            if (socket.readyState !== socket.OPEN) return resolve();
            socket.send(data, (error) => (error ? reject(error) : resolve()));
          }),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', (data: Buffer) => {
            if (!extra.release && data.length > MAX_UNAUTHENTICATED_MESSAGE_BYTES) {
              logger.debug({ bytes: data.length }, 'WebSocket closed: a large message before authentication');
              return socket.close(1009, `Before connection_ack, messages are limited to ${MAX_UNAUTHENTICATED_MESSAGE_BYTES} bytes.`);
            }
            handle(data.toString('utf8')).catch((error: unknown) => {
              logger.error({ err: error }, 'graphql-ws message handling failed');
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            });
          }),
      },
      extra,
    );
    socket.once('close', (code, reason) => {
      clearInterval(keepAlive);
      void closed(code, reason.toString('utf8'));
    });
  });

  return {
    async dispose() {
      for (const client of wsServer.clients) client.close(1001, 'Going away');
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}
