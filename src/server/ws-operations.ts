import type { IncomingMessage } from 'node:http';
import { GraphQLError, type ExecutionArgs, type execute as graphqlExecute, type subscribe as graphqlSubscribe } from 'graphql';
import { CloseCode, type ServerOptions } from 'graphql-ws';
import type { Logger } from 'pino';
import type WebSocket from 'ws';
import { DomainError } from '../errors.ts';
import { maskError, toDomainError, toGraphQLError } from '../graphql/errors.ts';
import type { Authenticator, Principal } from '../tenancy/principal.ts';
import { CLOSE_AUTHENTICATION_LAPSED, CLOSE_TOO_MANY_SOCKETS, type SessionRegistry } from './sessions.ts';
import type { Yoga } from './yoga.ts';

export interface SocketExtra {
  socket: WebSocket;
  request: IncomingMessage;
  /** connectionParams.authorization, authenticated again for every operation. */
  authorization?: string;
  release?: () => void;
}

export interface OperationDeps {
  yoga: Yoga;
  authenticator: Authenticator;
  sessions: SessionRegistry;
  maxSubscriptions: number;
  logger: Logger;
}

interface Executors {
  execute: typeof graphqlExecute;
  subscribe: typeof graphqlSubscribe;
}

/** 1013 Try Again Later: the database did not answer; the key may well be fine. */
const CLOSE_TRY_AGAIN_LATER = 1013;

/** A WebSocket close reason is at most 123 bytes of UTF-8. */
function closeReason(text: string): string {
  const bytes = Buffer.from(text);
  return bytes.length <= 123 ? text : `${bytes.subarray(0, 120).toString('utf8').replace(/\uFFFD$/, '')}...`;
}

/**
 * graphql-ws's hooks: the socket authenticates in connectionParams (a failure closes it with 4403
 * and the reason), every operation authenticates again (an expired or revoked token gets
 * UNAUTHENTICATED and the socket closes with 4401), and an operation that cannot run, whatever the
 * reason, gets an `error` message for its id only: a throw here would close the whole socket with
 * 4500. Operations run through Yoga's envelop (limits, masking, context) as over HTTP.
 */
export function graphqlWsOptions(deps: OperationDeps): ServerOptions<Record<string, unknown>, SocketExtra> {
  const { yoga, authenticator, sessions, logger } = deps;

  /** The error message for one operation; a masked bug is logged here with its details. */
  const answer = (error: unknown): GraphQLError[] => {
    const masked = maskError(error, 'Unexpected error.');
    const refusal = toDomainError(error);
    if (refusal) logger.debug({ code: refusal.code, msg: refusal.message }, 'WebSocket operation refused');
    else if (masked instanceof GraphQLError && masked.extensions.code === 'INTERNAL_SERVER_ERROR') logger.error({ err: error }, 'WebSocket operation failed');
    return [masked instanceof GraphQLError ? masked : new GraphQLError(masked.message)];
  };

  const authenticate = async (authorization: string | undefined): Promise<Principal | DomainError> => {
    try {
      return await authenticator.authenticate(authorization);
    } catch (error) {
      const refusal = toDomainError(error);
      if (!refusal) throw error;
      if (refusal.code === 'SERVICE_UNAVAILABLE') logger.warn({ err: error }, 'WebSocket authentication failed: database unavailable');
      return refusal;
    }
  };

  return {
    onConnect: async (ctx) => {
      const { socket } = ctx.extra;
      const authorization = typeof ctx.connectionParams?.authorization === 'string' ? ctx.connectionParams.authorization : undefined;
      const principal = await authenticate(authorization);
      if (principal instanceof DomainError) {
        const code = principal.code === 'SERVICE_UNAVAILABLE' ? CLOSE_TRY_AGAIN_LATER : CloseCode.Forbidden;
        const reason = authorization ? principal.message : 'Missing API key: send connectionParams { authorization: "Bearer <key>" }.';
        socket.close(code, closeReason(reason));
        return false;
      }
      // The client may have gone while the key was looked up: nothing to count then.
      if (socket.readyState !== socket.OPEN) return false;
      const release = sessions.open({ principal, close: (code, reason) => socket.close(code, closeReason(reason)) });
      if (release instanceof DomainError) {
        logger.debug({ principal: principal.kind }, 'WebSocket refused: too many sockets for this key');
        socket.close(CLOSE_TOO_MANY_SOCKETS, closeReason(release.message));
        return false;
      }
      ctx.extra.authorization = authorization;
      ctx.extra.release = release;
      return true;
    },
    onClose: (ctx) => ctx.extra.release?.(),
    onSubscribe: async (ctx, id, payload) => {
      // graphql-ws lists this operation among the socket's before asking us.
      const running = Object.keys(ctx.subscriptions).length;
      if (running > deps.maxSubscriptions) {
        return answer(
          new DomainError('TOO_MANY_REQUESTS', `${running - 1} operations are running on this socket; the limit is ${deps.maxSubscriptions} (HOOKRELAY_WS_MAX_SUBSCRIPTIONS). Complete one first, or open another socket.`),
        );
      }
      const principal = await authenticate(ctx.extra.authorization);
      if (principal instanceof DomainError) {
        // After the error message has gone out for this id: sends are queued in order.
        if (principal.code === 'UNAUTHENTICATED') setImmediate(() => ctx.extra.socket.close(CLOSE_AUTHENTICATION_LAPSED, closeReason(principal.message)));
        return answer(principal);
      }
      try {
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params: payload,
          principal,
        });
        const document = parse(payload.query);
        const errors = validate(schema, document);
        if (errors.length > 0) return errors.flatMap(answer);
        const executors: Executors = { execute, subscribe };
        return {
          schema,
          operationName: payload.operationName,
          document,
          variableValues: payload.variables,
          contextValue: await contextFactory(),
          rootValue: executors,
        };
      } catch (error) {
        return answer(error);
      }
    },
    execute: (args) => run(args, 'execute', answer),
    subscribe: (args) => run(args, 'subscribe', answer),
  };
}

/** Runs with the operation's enveloped executors; what they throw becomes that operation's errors. */
async function run(args: ExecutionArgs, kind: keyof Executors, answer: (error: unknown) => GraphQLError[]) {
  try {
    return await (args.rootValue as Executors)[kind](args);
  } catch (error) {
    return { errors: answer(error) };
  }
}
