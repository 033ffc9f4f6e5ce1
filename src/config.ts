import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import packageJson from '../package.json' with { type: 'json' };
import { DEFAULT_HEADER_PREFIX, headerPrefixProblem } from './delivery/build-request.ts';
import { isHeaderValue } from './delivery/http/header-grammar.ts';
import { parseNetworkPolicy } from './security/network-policy.ts';

/** This build's version, from package.json: in the user-agent and the OpenAPI document. */
export const VERSION = packageJson.version;

/**
 * Every setting Hookrelay reads, with its environment name, default and meaning. This module is
 * the one place that knows their names; main.ts hands it the environment, everything else receives a Config.
 */
const intFromEnv = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const boolFromEnv = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'])
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1');

export const configSchema = z.object({
  /** PORT: HTTP and WebSocket port (GraphQL at /graphql, /healthz, /metrics). 0 picks a free port. */
  port: intFromEnv(4000, 0, 65535),
  /** HOST: interface to listen on. */
  host: z.string().min(1).default('0.0.0.0'),
  /** DATABASE_URL: PostgreSQL to use. Unset: start the embedded PostgreSQL in dataDir. */
  databaseUrl: z.string().url().optional(),
  /** HOOKRELAY_DATA_DIR: where the embedded PostgreSQL keeps its files. */
  dataDir: z.string().min(1).default('./.hookrelay'),
  /** HOOKRELAY_API_KEY: admin key for `Authorization: Bearer <key>`. Unset: one is generated on the
   * first start, printed once, and only its SHA-256 is stored. */
  apiKey: z.string().min(16, 'HOOKRELAY_API_KEY must be at least 16 characters').optional(),
  /** HOOKRELAY_DELIVERY_TIMEOUT_MS: how long one delivery attempt may take, headers and body. */
  deliveryTimeoutMs: intFromEnv(15_000, 100, 300_000),
  /** HOOKRELAY_RESPONSE_BODY_LIMIT: bytes of a destination's response body kept on the attempt. */
  responseBodyLimit: intFromEnv(10_240, 0, 1_048_576),
  /** HOOKRELAY_MAX_BODY_BYTES: largest published body, measured as UTF-8 JSON. */
  maxBodyBytes: intFromEnv(1_048_576, 1_024, 16_777_216),
  /** HOOKRELAY_MAX_RETRY_AFTER_MS: longest wait a receiver's Retry-After (on 429/503) can ask for. */
  maxRetryAfterMs: intFromEnv(3_600_000, 0, 86_400_000),
  /** HOOKRELAY_RECOVERY_INTERVAL_MS: how often every process sweeps for due events it was not
   * woken for (e.g. those of a process that died mid-attempt, once their lease runs out). */
  recoveryIntervalMs: intFromEnv(10_000, 500, 3_600_000),
  /** HOOKRELAY_CONCURRENCY: deliveries one process runs at once. */
  concurrency: intFromEnv(100, 1, 1_000),
  /** HOOKRELAY_DB_POOL_SIZE: connections per pool (Prisma's and Agenda's each). */
  dbPoolSize: intFromEnv(20, 2, 200),
  /** HOOKRELAY_ALLOW_PRIVATE_NETWORKS: unset or false refuses deliveries to loopback, private,
   * link-local (cloud metadata), CGNAT and other non-public addresses; true allows all (local
   * development); a comma-separated CIDR list allows just those ranges. */
  allowPrivateNetworks: z
    .string()
    .default('false')
    .superRefine((value, ctx) => {
      try {
        parseNetworkPolicy(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    }),
  /** HOOKRELAY_ENCRYPTION_KEY: 32 bytes (base64 or 64 hex characters) encrypting destination
   * secrets at rest. Unset: one is generated on first start and kept in the database's settings. */
  encryptionKey: z.string().optional(),
  /** HOOKRELAY_HEADER_PREFIX: prefix of the headers Hookrelay adds (event-id, attempt, source-name). */
  headerPrefix: z
    .string()
    .default(DEFAULT_HEADER_PREFIX)
    .superRefine((prefix, ctx) => {
      const problem = headerPrefixProblem(prefix);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  /** HOOKRELAY_USER_AGENT: the user-agent header of every delivery and alert (a published
   * user-agent never replaces it), so receivers can recognise and allow-list Hookrelay. */
  userAgent: z
    .string()
    .min(1)
    .refine(isHeaderValue, 'must be a valid HTTP header value (visible ASCII, spaces, tabs, Latin-1; no line breaks)')
    .default(`Hookrelay/${VERSION}`),
  /** HOOKRELAY_DISABLE_AFTER_FAILURES: consecutive failed events (a retried event counts once)
   * that disable a destination; 0 never disables on a count. */
  disableAfterFailures: intFromEnv(20, 0, 1_000_000),
  /** HOOKRELAY_DISABLE_AFTER_MS: how long a destination may fail without one success before it is
   * disabled; 0 never disables on time. */
  disableAfterMs: intFromEnv(86_400_000, 0, 30 * 86_400_000),
  /** HOOKRELAY_ALERT_URL: where alerts (issue opened, destination disabled) are POSTed, signed
   * with Standard Webhooks; unset: alerts go to the issueUpdates subscription and the log only. */
  alertUrl: z.string().url('HOOKRELAY_ALERT_URL must be an http(s) URL').optional(),
  /** HOOKRELAY_ALERT_SECRET: whsec_<base64> secret signing the alerts; required with HOOKRELAY_ALERT_URL. */
  alertSecret: z.string().regex(/^whsec_[A-Za-z0-9+/=]{16,}$/, 'must look like whsec_<base64 of at least 12 bytes>').optional(),
  /** HOOKRELAY_RETENTION_DAYS: requests, events and attempts older than this are deleted (pending ones stay). */
  retentionDays: intFromEnv(30, 1, 3_650),
  /** HOOKRELAY_SHUTDOWN_TIMEOUT_MS: on SIGTERM, how long attempts under way may finish before they
   * are given back to be retried. */
  shutdownTimeoutMs: intFromEnv(10_000, 0, 120_000),
  /** LOG_LEVEL: pino level (fatal, error, warn, info, debug, trace, silent). */
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** HOOKRELAY_GRAPHIQL: serve GraphiQL at GET /graphql. */
  graphiql: boolFromEnv(true),
  /** HOOKRELAY_REQUIRE_EVENT_TYPES: refuse publishes whose event type is not in the catalog
   * (upsertEventType); false accepts unknown types, and a type's schema is checked when it has one. */
  requireEventTypes: boolFromEnv(false),
  /** HOOKRELAY_MAX_QUERY_DEPTH: deepest field nesting of a GraphQL operation, introspection
   * included (GraphiQL's introspection query is 15 deep). */
  maxQueryDepth: intFromEnv(15, 2, 100),
  /** HOOKRELAY_MAX_QUERY_ALIASES: aliased fields in one operation. */
  maxQueryAliases: intFromEnv(15, 0, 1_000),
  /** HOOKRELAY_MAX_QUERY_TOKENS: lexical tokens in one document; parsing stops past it. */
  maxQueryTokens: intFromEnv(2_000, 100, 100_000),
  /** HOOKRELAY_MAX_QUERY_DIRECTIVES: directives in one operation. */
  maxQueryDirectives: intFromEnv(50, 0, 1_000),
  /** HOOKRELAY_MAX_QUERY_COST: fields an operation may resolve, each counted once per item of
   * every list around it (`first`, or the default page size of 20), introspection aside. */
  maxQueryCost: intFromEnv(50_000, 100, 100_000_000),
  /** HOOKRELAY_WS_MAX_PAYLOAD_BYTES: largest WebSocket message; a larger one closes the socket
   * with 1009 (Message Too Big). */
  wsMaxPayloadBytes: intFromEnv(1_048_576, 1_024, 67_108_864),
  /** HOOKRELAY_WS_MAX_SUBSCRIPTIONS: operations running at once on one socket; the next is refused. */
  wsMaxSubscriptions: intFromEnv(50, 1, 10_000),
  /** HOOKRELAY_WS_MAX_SOCKETS_PER_PRINCIPAL: open sockets per tenant token, and for the admin key;
   * the next is closed with 4429. */
  wsMaxSocketsPerPrincipal: intFromEnv(20, 1, 10_000),
  /** HOOKRELAY_WS_RECHECK_MS: how often every process checks that the tenant tokens of its open
   * WebSockets and subscription streams are still valid, ending those revoked (4401); an expiring
   * token's close at expiry. */
  wsRecheckMs: intFromEnv(10_000, 100, 3_600_000),
  /** HOOKRELAY_HTTP_HEADERS_TIMEOUT_MS: time to receive a request's headers (slow clients are cut off). */
  httpHeadersTimeoutMs: intFromEnv(10_000, 100, 600_000),
  /** HOOKRELAY_HTTP_REQUEST_TIMEOUT_MS: time to receive a whole request, body included. */
  httpRequestTimeoutMs: intFromEnv(30_000, 100, 3_600_000),
  /** HOOKRELAY_HTTP_KEEP_ALIVE_TIMEOUT_MS: how long an idle keep-alive connection stays open. */
  httpKeepAliveTimeoutMs: intFromEnv(5_000, 100, 600_000),
  /** HOOKRELAY_HTTP_MAX_CONNECTIONS: open connections, WebSockets included; more are dropped. */
  httpMaxConnections: intFromEnv(1_000, 1, 1_000_000),
  /** HOOKRELAY_PUBLIC_URL: the base URL browsers reach Hookrelay at (portal links); unset: the address it listens on. */
  publicUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. https://hooks.example.com' }).transform((url) => url.replace(/\/+$/, '')).optional(),
  /** HOOKRELAY_PORTAL_FRAME_ANCESTORS: who may embed the portal in an iframe (CSP frame-ancestors sources, space-separated). */
  portalFrameAncestors: z
    .string()
    .regex(/^[A-Za-z0-9'*:/.\- ]+$/, "must be CSP sources separated by spaces, e.g. 'self' https://app.example.com")
    .default("'self'"),
  /** HOOKRELAY_PORTAL_NAME: the name in the portal's header and title. */
  portalName: z.string().min(1).max(80).default('Hookrelay'),
  /** HOOKRELAY_PORTAL_LOGO_URL: an image shown beside the name (its origin is allowed by the portal's CSP). */
  portalLogoUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL of an image' }).optional(),
  /** HOOKRELAY_PORTAL_ACCENT_COLOR: the portal's accent, #rgb or #rrggbb. */
  portalAccentColor: z.string().regex(/^#(?:[0-9a-fA-F]{3}){1,2}$/, 'must be a hex colour like #4f46e5').default('#4f46e5'),
  /** HOOKRELAY_PORTAL_RETURN_URL: where an invalid portal link sends its user when the session named none. */
  portalReturnUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  /** HOOKRELAY_PORTAL_DIR: the built portal (npm run portal:build). */
  portalDir: z.string().min(1).default(fileURLToPath(new URL('../portal/dist', import.meta.url))),
  /** HOOKRELAY_CORS_ORIGINS: comma-separated exact origins (https://app.example.com) allowed to call
   * /graphql and /v1/publish from a browser; unset: same origin only. */
  corsOrigins: z
    .string()
    .default('')
    .transform((value, ctx) => {
      const origins = value.split(',').map((origin) => origin.trim()).filter(Boolean);
      for (const origin of origins) {
        const problem = originProblem(origin);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }
      return origins;
    }),
});

export type Config = z.infer<typeof configSchema>;

const checkedSchema = configSchema.superRefine((config, ctx) => {
  // Node refuses to start a server whose headers may take longer than the whole request.
  if (config.httpHeadersTimeoutMs > config.httpRequestTimeoutMs) {
    ctx.addIssue({ code: 'custom', path: ['httpHeadersTimeoutMs'], message: `must not exceed HOOKRELAY_HTTP_REQUEST_TIMEOUT_MS (${config.httpRequestTimeoutMs})` });
  }
  if (config.alertUrl && !config.alertSecret) {
    ctx.addIssue({ code: 'custom', path: ['alertSecret'], message: 'is required when HOOKRELAY_ALERT_URL is set (e.g. whsec_ + 24 random bytes in base64)' });
  }
});

/** Why `origin` is not an exact browser origin (scheme://host[:port], as a browser sends it), or null. */
function originProblem(origin: string): string | null {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return `"${origin}" is not an origin; list them like https://app.example.com,http://localhost:5173`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `"${origin}" must be http or https`;
  if (url.origin !== origin) return `"${origin}" must be exactly an origin, without path or trailing slash: ${url.origin}`;
  return null;
}

const envNames: Record<keyof Config, string> = {
  port: 'PORT',
  host: 'HOST',
  databaseUrl: 'DATABASE_URL',
  dataDir: 'HOOKRELAY_DATA_DIR',
  apiKey: 'HOOKRELAY_API_KEY',
  deliveryTimeoutMs: 'HOOKRELAY_DELIVERY_TIMEOUT_MS',
  responseBodyLimit: 'HOOKRELAY_RESPONSE_BODY_LIMIT',
  maxBodyBytes: 'HOOKRELAY_MAX_BODY_BYTES',
  recoveryIntervalMs: 'HOOKRELAY_RECOVERY_INTERVAL_MS',
  maxRetryAfterMs: 'HOOKRELAY_MAX_RETRY_AFTER_MS',
  concurrency: 'HOOKRELAY_CONCURRENCY',
  dbPoolSize: 'HOOKRELAY_DB_POOL_SIZE',
  logLevel: 'LOG_LEVEL',
  allowPrivateNetworks: 'HOOKRELAY_ALLOW_PRIVATE_NETWORKS',
  encryptionKey: 'HOOKRELAY_ENCRYPTION_KEY',
  headerPrefix: 'HOOKRELAY_HEADER_PREFIX',
  userAgent: 'HOOKRELAY_USER_AGENT',
  graphiql: 'HOOKRELAY_GRAPHIQL',
  requireEventTypes: 'HOOKRELAY_REQUIRE_EVENT_TYPES',
  disableAfterFailures: 'HOOKRELAY_DISABLE_AFTER_FAILURES',
  disableAfterMs: 'HOOKRELAY_DISABLE_AFTER_MS',
  alertUrl: 'HOOKRELAY_ALERT_URL',
  alertSecret: 'HOOKRELAY_ALERT_SECRET',
  retentionDays: 'HOOKRELAY_RETENTION_DAYS',
  shutdownTimeoutMs: 'HOOKRELAY_SHUTDOWN_TIMEOUT_MS',
  maxQueryDepth: 'HOOKRELAY_MAX_QUERY_DEPTH',
  maxQueryAliases: 'HOOKRELAY_MAX_QUERY_ALIASES',
  maxQueryTokens: 'HOOKRELAY_MAX_QUERY_TOKENS',
  maxQueryDirectives: 'HOOKRELAY_MAX_QUERY_DIRECTIVES',
  maxQueryCost: 'HOOKRELAY_MAX_QUERY_COST',
  wsMaxPayloadBytes: 'HOOKRELAY_WS_MAX_PAYLOAD_BYTES',
  wsMaxSubscriptions: 'HOOKRELAY_WS_MAX_SUBSCRIPTIONS',
  wsMaxSocketsPerPrincipal: 'HOOKRELAY_WS_MAX_SOCKETS_PER_PRINCIPAL',
  wsRecheckMs: 'HOOKRELAY_WS_RECHECK_MS',
  httpHeadersTimeoutMs: 'HOOKRELAY_HTTP_HEADERS_TIMEOUT_MS',
  httpRequestTimeoutMs: 'HOOKRELAY_HTTP_REQUEST_TIMEOUT_MS',
  httpKeepAliveTimeoutMs: 'HOOKRELAY_HTTP_KEEP_ALIVE_TIMEOUT_MS',
  httpMaxConnections: 'HOOKRELAY_HTTP_MAX_CONNECTIONS',
  corsOrigins: 'HOOKRELAY_CORS_ORIGINS',
  publicUrl: 'HOOKRELAY_PUBLIC_URL',
  portalFrameAncestors: 'HOOKRELAY_PORTAL_FRAME_ANCESTORS',
  portalName: 'HOOKRELAY_PORTAL_NAME',
  portalLogoUrl: 'HOOKRELAY_PORTAL_LOGO_URL',
  portalAccentColor: 'HOOKRELAY_PORTAL_ACCENT_COLOR',
  portalReturnUrl: 'HOOKRELAY_PORTAL_RETURN_URL',
  portalDir: 'HOOKRELAY_PORTAL_DIR',
};

/** Reads the environment; an invalid value stops the start with the variable's name and the fix. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const raw = Object.fromEntries(
    Object.entries(envNames)
      .map(([key, name]) => [key, env[name] === '' ? undefined : env[name]])
      .filter(([, value]) => value !== undefined),
  );
  const parsed = checkedSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0]) as keyof Config;
      return `${envNames[key] ?? key}: ${issue.message}`;
    });
    throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}

/** A complete Config from partial settings, for tests and embedding. */
export function makeConfig(overrides: Partial<Config> = {}): Config {
  return { ...configSchema.parse({}), ...overrides };
}
