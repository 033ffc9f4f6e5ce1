import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { handleHealth } from './health.ts';
import type { Metrics } from './metrics.ts';
import { HttpProblem, sendProblem } from './problems.ts';
import { handlePublish, PUBLISH_PATH, type PublishRouteDeps } from './publish-route.ts';
import type { Yoga } from './yoga.ts';

export interface Routes {
  yoga: Yoga;
  publish: PublishRouteDeps;
  metrics: Metrics;
  health: Parameters<typeof handleHealth>[1];
}

const isPublishPath = (url: string) => url === PUBLISH_PATH || url.startsWith(`${PUBLISH_PATH}/`) || url.startsWith(`${PUBLISH_PATH}?`);

/** The one HTTP server: /healthz, /metrics, /v1/publish, and GraphQL (Yoga) for everything else. */
export function createHttpServer(routes: Routes): Server {
  return createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '';
    // Yoga builds http://<host><target>; a target that is not a path ("*", absolute URLs) made a
    // URL it could not parse and a 500.
    if (!url.startsWith('/')) {
      sendProblem(res, new HttpProblem(400, 'BAD_REQUEST', `The request target ${JSON.stringify(url)} is not a path.`, 'Send a path that starts with "/", e.g. POST /graphql.'));
      return;
    }
    if (url === '/healthz') return handleHealth(res, routes.health);
    if (isPublishPath(url)) return handlePublish(req, res, routes.publish);
    if (url === '/metrics') {
      res.writeHead(200, { 'content-type': routes.metrics.contentType });
      res.end(await routes.metrics.render());
      return;
    }
    // Not handleNodeRequestAndResponse(req, res, {}): with that, an error thrown while building
    // the context left the response hanging (graphql-yoga 5.24 on Node 20).
    return routes.yoga(req, res);
  });
}
