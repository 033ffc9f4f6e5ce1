import type { Server } from 'node:http';
import type { execute as graphqlExecute, subscribe as graphqlSubscribe } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { DomainError } from '../errors.ts';
import { toGraphQLError } from '../graphql/errors.ts';
import type { Authenticator, Principal } from '../tenancy/principal.ts';
import type { Yoga } from './yoga.ts';

interface Executors {
  execute: typeof graphqlExecute;
  subscribe: typeof graphqlSubscribe;
}

/**
 * graphql-ws on the HTTP server's /graphql: the socket authenticates once in connectionParams,
 * and every operation runs through Yoga's envelop (masking, context) as over HTTP.
 */
export function attachGraphqlWs(server: Server, yoga: Yoga, authenticator: Authenticator): { dispose(): Promise<void> } {
  const wsServer = new WebSocketServer({ server, path: yoga.graphqlEndpoint });
  const cleanup = useServer<Record<string, unknown>, { principal: Principal; authError: DomainError }>(
    {
      onConnect: async (ctx) => {
        const authorization = ctx.connectionParams?.authorization;
        try {
          ctx.extra.principal = await authenticator.authenticate(typeof authorization === 'string' ? authorization : undefined);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          ctx.extra.authError = error;
        }
        return true;
      },
      onSubscribe: async (ctx, _id, payload) => {
        // An unauthenticated socket gets a GraphQL error with extensions.code, not a bare close code.
        const { authError } = ctx.extra;
        if (authError) return [toGraphQLError(authError, {}, false)];
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params: payload,
          principal: ctx.extra.principal,
        });
        const document = parse(payload.query);
        const errors = validate(schema, document);
        if (errors.length > 0) return errors;
        const executors: Executors = { execute, subscribe };
        return {
          schema,
          operationName: payload.operationName,
          document,
          variableValues: payload.variables,
          contextValue: await contextFactory(),
          rootValue: executors,
        };
      },
      execute: (args) => (args.rootValue as Executors).execute(args),
      subscribe: (args) => (args.rootValue as Executors).subscribe(args),
    },
    wsServer,
  );
  return {
    async dispose() {
      await cleanup.dispose();
      wsServer.close();
    },
  };
}
