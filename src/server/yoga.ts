import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { GraphQLError } from 'graphql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { Context, Services } from '../graphql/context.ts';
import { maskError, toDomainError } from '../graphql/errors.ts';
import { queryLimitPlugins, type QueryLimits } from '../graphql/limits.ts';
import { useRequestSizeLimit } from '../graphql/request-size.ts';
import { schema } from '../graphql/schema.ts';
import { useRefuseNulText } from '../graphql/text-input.ts';
import type { Authenticator, Principal } from '../tenancy/principal.ts';
import type { CorsPolicy } from './cors.ts';
import type { SessionRegistry } from './sessions.ts';
import { useSubscriptionLifetime } from './subscription-lifetime.ts';

export type Yoga = YogaServerInstance<Record<string, unknown>, Context>;

/** GraphQL's own errors (a variable of the wrong type...) are the client's: the masking passes them on. */
function isClientMistake(error: Error | undefined): error is Error {
  if (!error) return false;
  const masked = maskError(error, '');
  return masked instanceof GraphQLError && masked.extensions.code !== 'INTERNAL_SERVER_ERROR';
}

/** Yoga calls its logger's methods unbound, and pino's need their `this`. */
function yogaLogger(logger: Logger) {
  return {
    debug: (...args: unknown[]) => logger.debug(args.map(String).join(' ')),
    info: (...args: unknown[]) => logger.info(args.map(String).join(' ')),
    warn: (...args: unknown[]) => logger.warn({ details: args.slice(1) }, String(args[0])),
    error: (...args: unknown[]) => {
      const error = args.find((arg) => arg instanceof Error);
      // Expected errors (a missing key, bad input) are answered, not crashes worth an alert; Yoga
      // hands over field errors wrapped in a GraphQLError, so unwrap before deciding.
      const refusal = toDomainError(error);
      if (refusal?.code === 'SERVICE_UNAVAILABLE') logger.warn({ err: error }, 'GraphQL request failed: database unavailable');
      else if (refusal) logger.debug({ code: refusal.code, msg: refusal.message }, 'request refused');
      else if (isClientMistake(error)) logger.debug({ msg: error.message }, 'request refused');
      else logger.error({ err: error, details: args.filter((arg) => arg !== error) }, 'GraphQL request failed');
    },
  };
}

export interface GraphqlServerOptions {
  graphiql: boolean;
  limits: QueryLimits;
  cors: CorsPolicy;
  sessions: SessionRegistry;
}

/** GraphQL over HTTP and SSE at /graphql (GraphiQL on GET when enabled); graphql-ws reuses its envelop. */
export function createGraphqlServer(services: Services, authenticator: Authenticator, options: GraphqlServerOptions): Yoga {
  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    // GraphiQL subscribes over SSE on /graphql, which carries its Authorization header as is.
    graphiql: options.graphiql ? { title: 'Hookrelay' } : false,
    // Yoga's own page loads GraphiQL from a public CDN (blank when offline, and a third party in
    // the admin's browser); this renderer inlines every script, style and worker into the page.
    renderGraphiQL,
    cors: (request) => options.cors.forYoga(request),
    // Ours refuses by Content-Length instead (graphql/request-size.ts).
    maxRequestBodySize: false,
    plugins: [
      useRequestSizeLimit(services.config.maxBodyBytes),
      ...queryLimitPlugins(options.limits, services.logger),
      useRefuseNulText(),
      useSubscriptionLifetime(options.sessions),
    ],
    logging: yogaLogger(services.logger),
    maskedErrors: { maskError },
    // WebSocket operations arrive authenticated by onConnect, with their principal in the initial context.
    context: async ({ request, principal }: { request: Request; principal?: Principal }) => ({
      ...services,
      principal: principal ?? (await authenticator.authenticate(request.headers.get('authorization'))),
    }),
  });
}
