import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { CorsPolicy } from './cors.ts';
import { handleHealth } from './health.ts';
import type { Metrics } from './metrics.ts';
import { isPortalPath, type PortalHandler } from './portal.ts';
import { HttpProblem, sendJson, sendProblem } from './problems.ts';
import { handlePublish, PUBLISH_PATH, type PublishRouteDeps } from './publish-route.ts';
import type { Yoga } from './yoga.ts';

export interface Routes {
  yoga: Yoga;
  publish: PublishRouteDeps;
  metrics: Metrics;
  health: Parameters<typeof handleHealth>[1];
  cors: CorsPolicy;
  /** GET /openapi.json, built once at start. */
  openApi: object;
  /** The tenant portal's page and assets under /portal. */
  portal: PortalHandler;
}

/** How long and how many clients may hold the server: settings of the same names in config.ts. */
export interface HttpLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxConnections: number;
}

const isPublishPath = (url: string) => url === PUBLISH_PATH || url.startsWith(`${PUBLISH_PATH}/`) || url.startsWith(`${PUBLISH_PATH}?`);

/**
 * The one HTTP server: /healthz, /metrics, /openapi.json, /v1/publish, the portal at /portal, and
 * GraphQL (Yoga) for everything else.
 * A client that sends its headers or body too slowly (slow loris) gets 408 and is disconnected;
 * past maxConnections (WebSockets included) new connections are dropped at once.
 */
export function createHttpServer(routes: Routes, limits: HttpLimits): Server {
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      // Node looks for overdue requests only this often (30 s by default): a headers timeout
      // shorter than that would not be kept.
      connectionsCheckingInterval: Math.min(1_000, Math.ceil(limits.headersTimeoutMs / 2)),
    },
    (req, res) => route(routes, req, res),
  );
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxConnections = limits.maxConnections;
  return server;
}

async function route(routes: Routes, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = req.url ?? '';
  // Yoga builds http://<host><target>; a target that is not a path ("*", absolute URLs) made a
  // URL it could not parse and a 500.
  if (!url.startsWith('/')) {
    sendProblem(res, new HttpProblem(400, 'BAD_REQUEST', `The request target ${JSON.stringify(url)} is not a path.`, 'Send a path that starts with "/", e.g. POST /graphql.'));
    return;
  }
  if (url === '/healthz') return handleHealth(res, routes.health);
  if (url === '/openapi.json') return sendJson(res, 200, routes.openApi);
  if (isPortalPath(url)) return routes.portal(req, res);
  if (isPublishPath(url)) {
    routes.cors.apply(req, res, ['POST']);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'content-length': '0' });
      res.end();
      return;
    }
    return handlePublish(req, res, routes.publish);
  }
  if (url === '/metrics') {
    res.writeHead(200, { 'content-type': routes.metrics.contentType });
    res.end(await routes.metrics.render());
    return;
  }
  // Not handleNodeRequestAndResponse(req, res, {}): with that, an error thrown while building
  // the context left the response hanging (graphql-yoga 5.24 on Node 20).
  return routes.yoga(req, res);
}
