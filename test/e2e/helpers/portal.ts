import { execFile } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ADMIN_KEY } from '../../helpers/app.ts';

/**
 * What the portal's browser tests share: the build, a Chromium that may reach this machine only,
 * GraphQL as the platform's backend, and the measures (bundle size, accessibility).
 */
const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const PORTAL = path.join(ROOT, 'portal');
const DIST_INDEX = path.join(PORTAL, 'dist', 'index.html');
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
export const ARTIFACTS = path.join(ROOT, 'test', 'artifacts');

async function newestSource(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    newest = Math.max(newest, (await stat(path.join(entry.parentPath, entry.name))).mtimeMs);
  }
  return newest;
}

/** Builds portal/dist (npm run portal:build) when it is missing or older than portal/src. */
export async function ensurePortalBuilt(): Promise<void> {
  const built = await stat(DIST_INDEX).then((s) => s.mtimeMs, () => 0);
  const sources = Math.max(await newestSource(path.join(PORTAL, 'src')), (await stat(path.join(PORTAL, 'index.html'))).mtimeMs, (await stat(path.join(PORTAL, 'vite.config.ts'))).mtimeMs);
  if (built > sources) return;
  await promisify(execFile)(path.join(ROOT, 'node_modules', '.bin', 'vite'), ['build', '--config', 'portal/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, timeout: 120_000 });
}

export interface Chromium {
  browser: Browser;
  /** Every request that would have left the machine (each one aborted). */
  outside: string[];
  /** Every CSP violation of every document in every tab, navigations included (bypassCSP contexts report none). */
  cspViolations: string[];
  /** Every uncaught error of every tab. */
  pageErrors: string[];
  /** A context routed through the local-only guard; bypassCSP only to inject axe-core. */
  context(options?: { bypassCSP?: boolean; width?: number; height?: number; colorScheme?: 'light' | 'dark' }): Promise<BrowserContext>;
  close(): Promise<void>;
}

/** Debian's Chromium (never a downloaded one), headless, with background networking off. */
export async function launchChromium(): Promise<Chromium> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const outside: string[] = [];
  const violations: string[] = [];
  const pageErrors: string[] = [];
  const contexts: BrowserContext[] = [];
  return {
    browser,
    outside,
    cspViolations: violations,
    pageErrors,
    async context({ bypassCSP = false, width = 1280, height = 800, colorScheme = 'light' } = {}) {
      const context = await browser.newContext({ bypassCSP, viewport: { width, height }, colorScheme, locale: 'en-GB', timezoneId: 'Europe/Paris' });
      await context.route('**/*', (route) => {
        const url = new URL(route.request().url());
        if (LOCAL_HOSTS.has(url.hostname)) return route.continue();
        outside.push(url.href);
        return route.abort('blockedbyclient');
      });
      context.on('page', (page) => page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`)));
      // Every CSP violation is kept on the page (init scripts run before the page's own) and
      // reported to the test, so that one on a page since navigated away from is not lost.
      await context.exposeBinding('__reportCspViolation', ({ page }, text: string) => void violations.push(`${page.url()}: ${text}`));
      await context.addInitScript(() => {
        const seen: string[] = [];
        const target = window as unknown as { __cspViolations: string[]; __reportCspViolation?: (text: string) => void };
        target.__cspViolations = seen;
        document.addEventListener('securitypolicyviolation', (event) => {
          const text = `${event.violatedDirective}: ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`;
          seen.push(text);
          void target.__reportCspViolation?.(text);
        });
      });
      // Fail at the step that went wrong, well before the test's own timeout.
      context.setDefaultTimeout(10_000);
      contexts.push(context);
      return context;
    },
    async close() {
      await Promise.all(contexts.map((context) => context.close().catch(() => undefined)));
      await browser.close();
    },
  };
}

export const cspViolations = (page: Page) => page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []);

export interface GraphQLResponse<T> {
  data?: T;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

/** A GraphQL call as the platform's backend makes it (admin key unless told otherwise). */
export async function gqlRaw<T = Record<string, any>>(baseUrl: string, query: string, variables: Record<string, unknown> = {}, authorization = `Bearer ${ADMIN_KEY}`): Promise<GraphQLResponse<T>> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResponse<T>;
}

export async function gql<T = Record<string, any>>(baseUrl: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const result = await gqlRaw<T>(baseUrl, query, variables);
  if (result.errors?.length || !result.data) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
  return result.data;
}

export type Capability = 'MANAGE_ENDPOINTS' | 'VIEW_SECRETS' | 'RETRY';

export interface PortalSession {
  url: string;
  token: string;
  expiresAt: string;
  capabilities: Capability[];
}

/** createPortalSession as the platform calls it; the url pointed at the test app's address. */
export async function openSession(baseUrl: string, sourceName: string, capabilities: Capability[], returnUrl?: string): Promise<PortalSession> {
  const { createPortalSession } = await gql<{ createPortalSession: PortalSession }>(
    baseUrl,
    `mutation($input: PortalSessionInput!) { createPortalSession(input: $input) { url token expiresAt capabilities } }`,
    { input: { sourceName, ttlSeconds: 3600, capabilities, returnUrl } },
  );
  const url = new URL(createPortalSession.url);
  const base = new URL(baseUrl);
  url.protocol = base.protocol;
  url.host = base.host;
  return { ...createPortalSession, url: url.href };
}

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => JSON.stringify(n.target)) }));
  });
}

/**
 * The gzipped size of the JavaScript a page loaded from /portal/assets: each script fetched again
 * with accept-encoding: gzip (the browser itself gets brotli, which is smaller still).
 */
export async function gzippedScriptBytes(urls: Iterable<string>): Promise<{ total: number; files: Record<string, number> }> {
  const files: Record<string, number> = {};
  for (const url of new Set(urls)) {
    const response = await fetch(url, { headers: { 'accept-encoding': 'gzip' } });
    if (response.headers.get('content-encoding') !== 'gzip') throw new Error(`${url} was not served gzipped`);
    files[new URL(url).pathname] = Number(response.headers.get('content-length'));
    await response.arrayBuffer();
  }
  return { total: Object.values(files).reduce((a, b) => a + b, 0), files };
}
