import type { Config } from '../config.ts';
import type { QueryLimits } from '../graphql/limits.ts';
import type { HttpLimits } from './http.ts';
import type { SessionRegistryOptions } from './sessions.ts';
import type { WsLimits } from './ws.ts';

/** The connections' default page size (`defaultSize` of every Pothos connection and of `issues`). */
const DEFAULT_PAGE_SIZE = 20;

/** What the edges may let one client do, from the settings of the same names. */
export const queryLimits = (config: Config): QueryLimits => ({
  maxDepth: config.maxQueryDepth,
  maxAliases: config.maxQueryAliases,
  maxTokens: config.maxQueryTokens,
  maxDirectives: config.maxQueryDirectives,
  maxCost: config.maxQueryCost,
  defaultListSize: DEFAULT_PAGE_SIZE,
});

export const httpLimits = (config: Config): HttpLimits => ({
  headersTimeoutMs: config.httpHeadersTimeoutMs,
  requestTimeoutMs: config.httpRequestTimeoutMs,
  keepAliveTimeoutMs: config.httpKeepAliveTimeoutMs,
  maxConnections: config.httpMaxConnections,
});

export const wsLimits = (config: Config): WsLimits => ({
  maxPayloadBytes: config.wsMaxPayloadBytes,
  maxSubscriptions: config.wsMaxSubscriptions,
});

export const sessionLimits = (config: Config): Pick<SessionRegistryOptions, 'maxSocketsPerPrincipal' | 'recheckMs'> => ({
  maxSocketsPerPrincipal: config.wsMaxSocketsPerPrincipal,
  recheckMs: config.wsRecheckMs,
});
