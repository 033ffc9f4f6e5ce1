import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import { VERSION, type Config } from './config.ts';
import { ensureDatabase } from './db/database.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded-postgres.ts';
import { migrate } from './db/migrate.ts';
import { createPools } from './db/pools.ts';
import { createPrisma } from './db/prisma.ts';
import type { AttemptRecord } from './delivery/attempt.ts';
import { createDispatcher } from './delivery/dispatcher.ts';
import { createHttpSender } from './delivery/http/sender.ts';
import { delaySlots, takeSlots } from './destinations/rate-limit.sql.ts';
import { recordOutcomes, type RecordedOutcomes } from './destinations/record-outcomes.ts';
import { loadSecretBox } from './destinations/secret-box.ts';
import { claimDueEvents, releaseLeases } from './events/lifecycle.sql.ts';
import { nextDueAt } from './events/queue-stats.sql.ts';
import type { Services } from './graphql/context.ts';
import { jobHandlers } from './jobs/handlers.ts';
import { createScheduler } from './jobs/registry.ts';
import { createLiveBus, type LiveBus } from './live/live-bus.ts';
import { createTransformRunner } from './sandbox/runner.ts';
import { prepareSyntaxCheck } from './sandbox/syntax-check.ts';
import { ALLOW_ALL_NETWORKS, parseNetworkPolicy } from './security/network-policy.ts';
import { createCorsPolicy } from './server/cors.ts';
import { createHttpServer } from './server/http.ts';
import { openApiDocument } from './server/openapi.ts';
import { loadPortal } from './server/portal.ts';
import { httpLimits, queryLimits, sessionLimits, wsLimits } from './server/limits.ts';
import { createSessionRegistry } from './server/sessions.ts';
import { createMetrics, type Metrics } from './server/metrics.ts';
import { attachGraphqlWs } from './server/ws.ts';
import { createGraphqlServer } from './server/yoga.ts';
import { loadAuthenticator } from './tenancy/principal.ts';

export interface App {
  services: Services;
  databaseUrl: string;
  /** The HTTP server, not listening until start(). */
  server: Server;
  /** Starts the jobs and listens (port 0 picks a free one); resolves with the base URL. */
  start(port?: number): Promise<string>;
  /** Base URL once started, e.g. http://127.0.0.1:4000. */
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Wires Hookrelay: the database (embedded unless DATABASE_URL; migrated), pools, services, the
 * dispatcher, jobs, and HTTP with WebSocket on one server. Nothing listens and no job runs until
 * start(); only main.ts reads the environment and handles signals.
 */
export async function buildApp(config: Config, logger: Logger = pino({ level: config.logLevel })): Promise<App> {
  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres(config.dataDir, (message) => logger.info(message));
    databaseUrl = await ensureDatabase(embedded.adminUrl, 'hookrelay');
    logger.info({ dataDir: config.dataDir, port: embedded.port }, 'embedded PostgreSQL started');
  }
  const { applied } = await migrate(databaseUrl);
  if (applied.length) logger.info({ applied }, 'database migrated');

  const db = createPrisma(databaseUrl, config.dbPoolSize, logger);
  const pools = createPools(databaseUrl, config.dbPoolSize, logger);
  const authenticator = await loadAuthenticator(db, config.apiKey, logger);
  const secrets = await loadSecretBox(db, config.encryptionKey, logger);
  const live = createLiveBus(databaseUrl, logger);
  const transforms = createTransformRunner();
  // validateTransformCode answers synchronously from checkers loaded here.
  await prepareSyntaxCheck();
  const sender = createHttpSender({
    timeoutMs: config.deliveryTimeoutMs,
    responseBodyLimit: config.responseBodyLimit,
    networkPolicy: parseNetworkPolicy(config.allowPrivateNetworks),
  });
  // HOOKRELAY_ALERT_URL is the operator's own setting, not a tenant's: often an internal address
  // (an incident tool on the private network), so every address is allowed for alerts.
  const alertSender = createHttpSender({ timeoutMs: 10_000, responseBodyLimit: 1_024, networkPolicy: ALLOW_ALL_NETWORKS });
  const metrics = createMetrics(pools.main);
  const scheduler = createScheduler(pools.scheduler, { sweepIntervalMs: config.recoveryIntervalMs }, logger);
  const disablePolicy = { afterFailures: config.disableAfterFailures, afterMs: config.disableAfterMs };
  const alerting = Boolean(config.alertUrl);
  const dispatcher = createDispatcher<RecordedOutcomes>({
    store: {
      claim: (limit, leaseMs) => claimDueEvents(pools.dispatch, limit, leaseMs),
      release: (releases) => releaseLeases(pools.dispatch, releases),
      nextDueAt: () => nextDueAt(pools.dispatch),
      takeSlots: (requests) => takeSlots(pools.dispatch, requests),
      delaySlots: (delays) => delaySlots(pools.dispatch, delays),
      record: (records) => recordOutcomes(pools.dispatch, records, disablePolicy, alerting),
    },
    attempt: { sender, secrets, headerPrefix: config.headerPrefix, userAgent: config.userAgent, maxRetryAfterMs: config.maxRetryAfterMs },
    logger,
    concurrency: config.concurrency,
    batchSize: Math.min(config.concurrency, 200),
    // Half the concurrency claimed ahead: slots refill without waiting for a claim's round trip.
    prefetch: Math.ceil(config.concurrency / 2),
    // An attempt takes at most the delivery timeout; the rest covers recording it.
    leaseMs: config.deliveryTimeoutMs + 10_000,
    onRecorded: (outcomes, records) => announceOutcomes({ live, scheduler, logger, metrics }, outcomes, records),
    wakeDurably: (at) => scheduler.wakeDispatch(at),
  });
  // Events published or released by other processes are announced on the live channel: a cue to
  // claim them. Held and cancelled ones are not (a claim would find nothing: an outage's backlog
  // cost every process a claim per publish batch).
  live.onDelivery((update) => {
    if (update.attemptId === null && update.claimable !== false) dispatcher.poke();
  });
  const policy = { requireEventTypes: config.requireEventTypes };
  let url = '';
  const publicUrl = () => config.publicUrl ?? url;
  const services: Services = { config, db, pool: pools.main, logger, scheduler, dispatcher, live, transforms, secrets, metrics, policy, publicUrl };

  const cors = createCorsPolicy(config.corsOrigins);
  // Tenant tokens' WebSockets and subscription streams, ended when the token expires or is revoked.
  const sessions = createSessionRegistry({ ...sessionLimits(config), validTokenIds: (ids) => authenticator.validTokenIds(ids), logger });
  const yoga = createGraphqlServer(services, authenticator, { graphiql: config.graphiql, limits: queryLimits(config), cors, sessions });
  const portal = await loadPortal(
    {
      dir: config.portalDir,
      name: config.portalName,
      logoUrl: config.portalLogoUrl,
      accentColor: config.portalAccentColor,
      returnUrl: config.portalReturnUrl,
      frameAncestors: config.portalFrameAncestors,
    },
    logger,
  );
  let listening = false;
  const server = createHttpServer({
    yoga,
    metrics,
    publish: { publish: services, authenticator, logger, maxBodyBytes: config.maxBodyBytes },
    health: { listening: () => listening, databaseAnswers: () => db.$queryRaw`SELECT 1`.then(() => true, () => false) },
    cors,
    openApi: openApiDocument(VERSION),
    portal,
  }, httpLimits(config));
  const ws = attachGraphqlWs(server, { yoga, authenticator, sessions, logger }, wsLimits(config));
  const alertDeps =
    config.alertUrl && config.alertSecret
      ? { db, pool: pools.main, sender: alertSender, logger, url: config.alertUrl, secret: config.alertSecret, headerPrefix: config.headerPrefix, userAgent: config.userAgent }
      : null;
  const handlers = jobHandlers({
    dispatcher,
    bulkRetry: { db, pool: pools.main, dispatcher, live, logger },
    alerts: { alerts: alertDeps, wakeAlerts: (at) => scheduler.wakeAlerts(at) },
    purge: { pool: pools.main, logger, retentionDays: config.retentionDays },
    release: { pool: pools.main, dispatcher, live, logger },
  });

  return {
    services,
    databaseUrl,
    server,
    get url() {
      return url;
    },
    async start(port = config.port) {
      await live.start();
      await scheduler.start(handlers);
      await new Promise<void>((resolve) => server.listen(port, config.host, resolve));
      listening = true;
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      logger.info({ url: `${url}/graphql` }, 'Hookrelay is listening');
      return url;
    },
    async stop() {
      listening = false;
      // No new work first: requests, then jobs; then attempts under way finish or are given back.
      await ws.dispose();
      sessions.stop();
      server.closeAllConnections();
      if (server.listening) await new Promise((resolve) => server.close(resolve));
      await scheduler.stop();
      const { interrupted } = await dispatcher.stop(config.shutdownTimeoutMs);
      // Attempts given back are aborted; otherwise the last responses have all come in.
      await (interrupted > 0 ? sender.destroy() : sender.close());
      await alertSender.close();
      await pools.end();
      await transforms.close();
      await live.stop();
      await db.$disconnect();
      await embedded?.stop();
    },
  };
}

interface AnnounceDeps {
  live: LiveBus;
  scheduler: { wakeAlerts(at?: Date): void };
  logger: Logger;
  metrics: Metrics;
}

/** After a batch of attempts is recorded: metrics, live updates, issue updates and alerts. */
function announceOutcomes(deps: AnnounceDeps, outcomes: RecordedOutcomes, records: AttemptRecord[]): void {
  deps.metrics.attempts(records);
  void deps.live.publish(outcomes.updates);
  void deps.live.publishIssues([
    ...outcomes.issues.map((issue) => ({ sourceId: issue.sourceId, subjectId: issue.issueId, change: issue.change })),
    ...outcomes.disabled.map((d) => ({ sourceId: d.sourceId, subjectId: d.destinationId, change: 'DESTINATION_DISABLED' as const })),
  ]);
  for (const d of outcomes.disabled) deps.logger.warn({ destinationId: d.destinationId, reason: d.reason }, 'destination disabled');
  for (const issue of outcomes.issues) if (issue.change === 'OPENED') deps.logger.warn({ issueId: issue.issueId, connectionId: issue.connectionId }, 'issue opened');
  if (outcomes.alerts > 0) deps.scheduler.wakeAlerts();
}
