import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { useServer } from 'graphql-ws/use/ws';
import { createYoga } from 'graphql-yoga';
import pino, { type Logger } from 'pino';
import { WebSocketServer } from 'ws';
import type { Config } from './config.ts';
import { ensureDatabase } from './db/database.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded-postgres.ts';
import { migrate } from './db/migrate.ts';
import { createPrisma } from './db/prisma.ts';
import pg from 'pg';
import type { AttemptRecord } from './delivery/attempt.ts';
import { createDispatcher } from './delivery/dispatcher.ts';
import { createHttpSender } from './delivery/http-sender.ts';
import type { RecordedOutcomes } from './delivery/record-outcomes.ts';
import { createScheduler, type Scheduler } from './delivery/scheduler.ts';
import { AppError } from './errors.ts';
import type { Context, Services } from './graphql/context.ts';
import { maskError, toAppError } from './graphql/errors.ts';
import { schema } from './graphql/schema.ts';
import { createDispatchPool } from './delivery/dispatch-pool.ts';
import { handlePublish, PUBLISH_PATH, sendJson } from './events/publish-http.ts';
import { createLiveBus } from './live/live-bus.ts';
import { createTransformRunner } from './rules/transform.ts';
import { parseNetworkPolicy } from './security/ssrf.ts';
import { loadSecretBox } from './destinations/secret-box.ts';
import { createMetrics } from './metrics.ts';
import { purgeFinishedAlerts, sendDueAlerts } from './operations/alerts.ts';
import { runBulkRetry } from './operations/bulk-retry.ts';
import { purgeExpired, retentionCutoff } from './operations/retention.ts';
import type { LiveBus } from './live/live-bus.ts';
import { loadAuthenticator, type Principal } from './tenancy/principal.ts';

export interface App {
  services: Services;
  /** Base URL once listening, e.g. http://127.0.0.1:4000 */
  url: string;
  databaseUrl: string;
  server: Server;
  stop(): Promise<void>;
}

/**
 * Builds and starts Hookrelay: database (embedded unless DATABASE_URL), migrations, scheduler,
 * HTTP and WebSocket on one port. Only main.ts reads the environment and handles signals.
 */
export async function startApp(config: Config, logger: Logger = pino({ level: config.logLevel })): Promise<App> {
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
  const authenticator = await loadAuthenticator(db, config.apiKey, logger);
  const secrets = await loadSecretBox(db, config.encryptionKey, logger);
  const live = createLiveBus(databaseUrl, logger);
  await live.start();
  const transforms = createTransformRunner();
  const sender = createHttpSender({
    timeoutMs: config.deliveryTimeoutMs,
    responseBodyLimit: config.responseBodyLimit,
    networkPolicy: parseNetworkPolicy(config.allowPrivateNetworks),
  });
  // Plain pg for the delivery path's set-based statements; Prisma serves the API.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: config.dbPoolSize, allowExitOnIdle: true });
  pool.on('error', (error) => logger.warn({ err: error.message }, 'delivery pool connection error'));
  const dispatchPool = createDispatchPool(databaseUrl, config.dbPoolSize);
  dispatchPool.on('error', (error) => logger.warn({ err: error.message }, 'dispatch pool connection error'));
  const metrics = createMetrics(pool);
  const scheduler = createScheduler(databaseUrl, config, logger);
  const dispatcher = createDispatcher({
    pool: dispatchPool,
    attempt: { sender, secrets, headerPrefix: config.headerPrefix, maxRetryAfterMs: config.maxRetryAfterMs },
    logger,
    concurrency: config.concurrency,
    batchSize: Math.min(config.concurrency, 200),
    // An attempt takes at most the delivery timeout; the rest covers recording it.
    leaseMs: config.deliveryTimeoutMs + 10_000,
    disablePolicy: { afterFailures: config.disableAfterFailures, afterMs: config.disableAfterMs },
    alerting: Boolean(config.alertUrl),
    onRecorded: (outcomes, records) => announceOutcomes({ live, scheduler, logger, metrics }, outcomes, records),
    wakeDurably: (at) => scheduler.wakeDispatch(at),
  });
  // Events published by other processes are announced on the live channel: a cue to claim them.
  live.onDelivery((update) => {
    if (update.attemptId === null) dispatcher.poke();
  });
  const services: Services = { config, db, pool, logger, scheduler, dispatcher, live, transforms, secrets, metrics };
  const alertSender = createHttpSender({ timeoutMs: 10_000, responseBodyLimit: 1_024 });

  const yoga = createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    // GraphiQL subscribes over SSE on /graphql, which carries its Authorization header as is.
    graphiql: config.graphiql ? { title: 'Hookrelay' } : false,
    // Yoga calls its logger's methods unbound; pino's need their `this`.
    logging: {
      debug: (...args: unknown[]) => logger.debug(args.map(String).join(' ')),
      info: (...args: unknown[]) => logger.info(args.map(String).join(' ')),
      warn: (...args: unknown[]) => logger.warn({ details: args.slice(1) }, String(args[0])),
      error: (...args: unknown[]) => {
        const error = args.find((arg) => arg instanceof Error);
        // Expected errors (a missing key, bad input) are answered, not crashes worth an alert; Yoga
        // hands over field errors wrapped in a GraphQLError, so unwrap before deciding.
        const refusal = toAppError(error);
        if (refusal?.code === 'SERVICE_UNAVAILABLE') logger.warn({ err: error }, 'GraphQL request failed: database unavailable');
        else if (refusal) logger.debug({ code: refusal.code, msg: refusal.message }, 'request refused');
        else logger.error({ err: error, details: args.filter((arg) => arg !== error) }, 'GraphQL request failed');
      },
    },
    maskedErrors: { maskError },
    // WebSocket operations arrive authenticated by onConnect, with their principal in the initial context.
    context: async ({ request, principal }: { request: Request; principal?: Principal }) => ({
      ...services,
      principal: principal ?? (await authenticator.authenticate(request.headers.get('authorization'))),
    }),
  });

  let ready = false;
  const server = createServer(async (req, res) => {
    // Yoga builds http://<host><target>; a target that is not a path ("*", absolute URLs) made a
    // URL it could not parse and a 500.
    if (!req.url?.startsWith('/')) {
      sendJson(res, 400, {
        error: { code: 'BAD_REQUEST', message: `The request target ${JSON.stringify(req.url ?? '')} is not a path.`, hint: 'Send a path that starts with "/", e.g. POST /graphql.' },
      });
      return;
    }
    if (req.url === '/healthz') {
      const healthy = ready && (await db.$queryRaw`SELECT 1`.then(() => true, () => false));
      res.writeHead(healthy ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: healthy ? 'ok' : 'unavailable' }));
      return;
    }
    if (req.url === PUBLISH_PATH || req.url?.startsWith(`${PUBLISH_PATH}/`) || req.url?.startsWith(`${PUBLISH_PATH}?`)) {
      await handlePublish(req, res, services, authenticator);
      return;
    }
    if (req.url === '/metrics') {
      res.writeHead(200, { 'content-type': metrics.contentType });
      res.end(await metrics.render());
      return;
    }
    // Not handleNodeRequestAndResponse(req, res, {}): with that, an error thrown while building
    // the context left the response hanging (graphql-yoga 5.24 on Node 20).
    return yoga(req, res);
  });

  const wsServer = new WebSocketServer({ server, path: yoga.graphqlEndpoint });
  const wsCleanup = useServer<Record<string, unknown>, { principal: Principal; authError: AppError }>(
    {
      onConnect: async (ctx) => {
        const authorization = ctx.connectionParams?.authorization;
        try {
          ctx.extra.principal = await authenticator.authenticate(typeof authorization === 'string' ? authorization : undefined);
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          ctx.extra.authError = error;
        }
        return true;
      },
      onSubscribe: async (ctx, _id, payload) => {
        // An unauthenticated socket gets a GraphQL error with extensions.code, not a bare close code.
        const { authError } = ctx.extra;
        if (authError) return [authError];
        const { schema: envelopedSchema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params: payload,
          principal: ctx.extra.principal,
        });
        const document = parse(payload.query);
        const errors = validate(envelopedSchema, document);
        if (errors.length > 0) return errors;
        return {
          schema: envelopedSchema,
          operationName: payload.operationName,
          document,
          variableValues: payload.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
      },
      execute: (args) => (args.rootValue as { execute: typeof import('graphql').execute }).execute(args),
      subscribe: (args) => (args.rootValue as { subscribe: typeof import('graphql').subscribe }).subscribe(args),
    },
    wsServer,
  );

  await scheduler.start({
    dispatch: () => dispatcher.poke(),
    bulkRetry: (id, heartbeat) => runBulkRetry({ db, pool, dispatcher, live, logger }, id, heartbeat),
    sendAlerts: async () => {
      if (!config.alertUrl || !config.alertSecret) return;
      const next = await sendDueAlerts({ db, pool, sender: alertSender, logger, url: config.alertUrl, secret: config.alertSecret, headerPrefix: config.headerPrefix });
      if (next) scheduler.wakeAlerts(next);
    },
    purgeExpired: async () => {
      const purged = await purgeExpired({ pool, logger, retentionDays: config.retentionDays });
      if (purged.requests > 0) logger.info(purged, 'expired history deleted');
      const alerts = await purgeFinishedAlerts(pool, retentionCutoff(config.retentionDays));
      if (alerts > 0) logger.info({ alerts }, 'expired alerts deleted');
    },
  });
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  ready = true;
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  logger.info({ url: `${url}/graphql` }, 'Hookrelay is listening');

  return {
    services,
    url,
    databaseUrl,
    server,
    async stop() {
      ready = false;
      // No new work first: requests, then jobs; then attempts under way finish or are given back.
      await wsCleanup.dispose();
      wsServer.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await scheduler.stop();
      const { interrupted } = await dispatcher.stop(config.shutdownTimeoutMs);
      // Attempts given back are aborted; otherwise the last responses have all come in.
      await (interrupted > 0 ? sender.destroy() : sender.close());
      await alertSender.close();
      await dispatchPool.end();
      await pool.end();
      await transforms.close();
      await live.stop();
      await db.$disconnect();
      await embedded?.stop();
    },
  };
}

interface AnnounceDeps {
  live: LiveBus;
  scheduler: Scheduler;
  logger: Logger;
  metrics: ReturnType<typeof createMetrics>;
}

/** After a batch of attempts is recorded: metrics, live updates, issue updates and alerts. */
function announceOutcomes(deps: AnnounceDeps, outcomes: RecordedOutcomes, records: AttemptRecord[]): void {
  deps.metrics.attempts(records);
  void deps.live.publish(outcomes.updates);
  void deps.live.publishIssues([
    ...outcomes.issues.map((issue) => ({ sourceId: issue.sourceId, subjectId: issue.issueId, change: issue.change })),
    ...outcomes.disabled.map((d) => ({ sourceId: d.sourceId, subjectId: d.destinationId, change: 'DESTINATION_DISABLED' as const })),
  ]);
  for (const d of outcomes.disabled) deps.logger.warn({ destinationId: d.destinationId, reason: d.reason }, 'destination disabled after repeated failures');
  for (const issue of outcomes.issues) if (issue.change === 'OPENED') deps.logger.warn({ issueId: issue.issueId, connectionId: issue.connectionId }, 'issue opened');
  if (outcomes.alerts > 0) deps.scheduler.wakeAlerts();
}
