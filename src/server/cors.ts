import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CORSOptions } from 'graphql-yoga';

/** How long a browser may reuse a preflight answer. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * Cross-origin access for browsers: only the origins listed in HOOKRELAY_CORS_ORIGINS get CORS
 * headers; any other origin gets none, so its browser refuses the response (same-origin pages
 * need none). Credentials are never allowed: Hookrelay authenticates with the Authorization
 * header, not cookies, so no origin needs them.
 */
export interface CorsPolicy {
  /** Yoga's `cors` option for /graphql. */
  forYoga(request: Request): CORSOptions;
  /** Sets the CORS headers of a REST answer (before it is written); `methods` are the route's. */
  apply(req: IncomingMessage, res: ServerResponse, methods: string[]): void;
}

export function createCorsPolicy(origins: readonly string[]): CorsPolicy {
  const listed = new Set(origins);
  const allowed = (origin: string | null | undefined): origin is string => typeof origin === 'string' && listed.has(origin);
  return {
    forYoga(request) {
      const origin = request.headers.get('origin');
      if (!allowed(origin)) return false;
      return { origin: [origin], methods: ['GET', 'POST'], credentials: false, maxAge: PREFLIGHT_MAX_AGE_SECONDS };
    },
    apply(req, res, methods) {
      // Answers differ by Origin: a shared cache must not hand one origin's answer to another.
      res.setHeader('vary', 'Origin');
      const { origin } = req.headers;
      if (!allowed(origin)) return;
      res.setHeader('access-control-allow-origin', origin);
      if (req.method !== 'OPTIONS') return;
      res.setHeader('access-control-allow-methods', methods.join(', '));
      const requested = req.headers['access-control-request-headers'];
      if (requested) res.setHeader('access-control-allow-headers', requested);
      res.setHeader('access-control-max-age', String(PREFLIGHT_MAX_AGE_SECONDS));
    },
  };
}
