import { readdir, readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import type { Logger } from 'pino';
import { HttpProblem, sendProblem } from './problems.ts';

export const PORTAL_PATH = '/portal';
const CONFIG_PLACEHOLDER = '<!--hookrelay-portal-config-->';

/** Branding and embedding: HOOKRELAY_PORTAL_* settings, applied at run time without a rebuild. */
export interface PortalSettings {
  /** The built portal (portal/dist). */
  dir: string;
  name: string;
  logoUrl: string | undefined;
  accentColor: string;
  /** Where an invalid link sends its user when the session named no returnUrl. */
  returnUrl: string | undefined;
  /** CSP frame-ancestors sources. */
  frameAncestors: string;
}

interface StaticFile {
  type: string;
  /** Hashed names under assets/ never change: browsers keep them a year without asking again. */
  immutable: boolean;
  identity: Buffer;
  gzip: Buffer;
  br: Buffer;
}

export type PortalHandler = (req: IncomingMessage, res: ServerResponse) => void;

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

export const isPortalPath = (url: string) => url === PORTAL_PATH || url.startsWith(`${PORTAL_PATH}/`) || url.startsWith(`${PORTAL_PATH}?`);

/**
 * Serves the portal's build from memory, with the brotli and gzip files its build wrote, and
 * index.html for every client route with the branding inlined as a JSON data block (never run as
 * script, so the strict CSP needs no exception). Without a build, /portal answers 503 with the fix.
 */
export async function loadPortal(settings: PortalSettings, logger: Logger): Promise<PortalHandler> {
  const files = await readBuild(settings.dir);
  const template = files.get('index.html')?.identity.toString('utf8');
  if (!template) {
    logger.warn({ dir: settings.dir }, 'the portal is not built: /portal answers 503 until `npm run portal:build` has run');
    return (_req, res) =>
      sendProblem(res, new HttpProblem(503, 'PORTAL_NOT_BUILT', `The portal's build is missing from ${settings.dir}.`, 'Run `npm run portal:build` (npm install and npm start do it), then restart Hookrelay.'));
  }
  const index = compressed('.html', false, Buffer.from(template.replace(CONFIG_PLACEHOLDER, configBlock(settings))));
  const csp = contentSecurityPolicy(settings);
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return sendProblem(res, new HttpProblem(405, 'METHOD_NOT_ALLOWED', `${req.method} ${PORTAL_PATH} is not served.`, 'Open the portal with GET.'));
    }
    const pathname = new URL(req.url ?? '/', 'http://portal').pathname;
    const name = pathname.slice(PORTAL_PATH.length + 1);
    const file = files.get(name);
    if (file && name !== 'index.html') return send(req, res, file, {});
    if (name.startsWith('assets/')) {
      return sendProblem(res, new HttpProblem(404, 'NOT_FOUND', `No portal asset ${pathname}.`, 'Reload the portal: this build has other file names.'));
    }
    // Any other path is one of the portal's own routes (/portal/events/...): the page routes it.
    send(req, res, index, {
      'content-security-policy': `${csp}; connect-src 'self'${socketOrigins(req)}`,
      'referrer-policy': 'no-referrer',
      'cross-origin-resource-policy': 'same-origin',
      'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    });
  };
}

const PRECOMPRESSED = /\.(br|gz)$/;

async function readBuild(dir: string): Promise<Map<string, StaticFile>> {
  const bodies = new Map<string, Buffer>();
  let names: string[];
  try {
    names = await readdir(dir, { recursive: true });
  } catch {
    return new Map();
  }
  for (const name of names) {
    const body = await readFile(path.join(dir, name)).catch(() => null);
    // readdir lists folders too; reading one fails, and it is skipped.
    if (body) bodies.set(name.split(path.sep).join('/'), body);
  }
  const files = new Map<string, StaticFile>();
  for (const [name, body] of bodies) {
    if (PRECOMPRESSED.test(name)) continue;
    files.set(name, compressed(path.extname(name), name.startsWith('assets/'), body, { br: bodies.get(`${name}.br`), gzip: bodies.get(`${name}.gz`) }));
  }
  return files;
}

/**
 * The build writes each file's .br and .gz beside it at the highest levels (portal/vite.config.ts),
 * so a start costs no compression; a file without them (another build) is compressed here, faster.
 */
function compressed(extension: string, immutable: boolean, identity: Buffer, built: { br?: Buffer; gzip?: Buffer } = {}): StaticFile {
  return {
    type: TYPES[extension] ?? 'application/octet-stream',
    immutable,
    identity,
    gzip: built.gzip ?? gzipSync(identity, { level: 6 }),
    br: built.br ?? brotliCompressSync(identity, { params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_SIZE_HINT]: identity.length } }),
  };
}

function send(req: IncomingMessage, res: ServerResponse, file: StaticFile, headers: Record<string, string>): void {
  const accepted = String(req.headers['accept-encoding'] ?? '');
  const encoding = /\bbr\b/.test(accepted) ? 'br' : /\bgzip\b/.test(accepted) ? 'gzip' : null;
  const body = encoding ? file[encoding] : file.identity;
  res.writeHead(200, {
    'content-type': file.type,
    'content-length': String(body.length),
    'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
    vary: 'accept-encoding',
    ...(encoding ? { 'content-encoding': encoding } : {}),
    ...headers,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** The branding as JSON inside <script type="application/json">: "<" escaped so no value can close the tag. */
function configBlock(settings: PortalSettings): string {
  const config = { name: settings.name, logoUrl: settings.logoUrl ?? null, accentColor: settings.accentColor, returnUrl: settings.returnUrl ?? null };
  return `<script type="application/json" id="hookrelay-portal-config">${JSON.stringify(config).replace(/</g, '\\u003c')}</script>`;
}

/** Only the portal's own files run; the page talks to this server alone; the logo may come from its origin. */
function contentSecurityPolicy(settings: PortalSettings): string {
  const logo = settings.logoUrl ? ` ${new URL(settings.logoUrl).origin}` : '';
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data:${logo}`,
    "font-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${settings.frameAncestors}`,
  ].join('; ');
}

/**
 * graphql-ws connects to this host with ws: or wss:. CSP 3 lets 'self' cover them, but not every
 * browser in use does, so they are named; a Host that is not a plain host[:port] adds nothing.
 */
function socketOrigins(req: IncomingMessage): string {
  const host = req.headers.host ?? '';
  return /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host) ? ` ws://${host} wss://${host}` : '';
}
