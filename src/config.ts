import { z } from 'zod';
import { DEFAULT_HEADER_PREFIX, headerPrefixProblem } from './delivery/build-request.ts';
import { parseNetworkPolicy } from './security/network-policy.ts';

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
});

export type Config = z.infer<typeof configSchema>;

const checkedSchema = configSchema.superRefine((config, ctx) => {
  if (config.alertUrl && !config.alertSecret) {
    ctx.addIssue({ code: 'custom', path: ['alertSecret'], message: 'is required when HOOKRELAY_ALERT_URL is set (e.g. whsec_ + 24 random bytes in base64)' });
  }
});

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
  graphiql: 'HOOKRELAY_GRAPHIQL',
  disableAfterFailures: 'HOOKRELAY_DISABLE_AFTER_FAILURES',
  disableAfterMs: 'HOOKRELAY_DISABLE_AFTER_MS',
  alertUrl: 'HOOKRELAY_ALERT_URL',
  alertSecret: 'HOOKRELAY_ALERT_SECRET',
  retentionDays: 'HOOKRELAY_RETENTION_DAYS',
  shutdownTimeoutMs: 'HOOKRELAY_SHUTDOWN_TIMEOUT_MS',
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
