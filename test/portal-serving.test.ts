import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, constants as zlib, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { useTestApp } from './helpers/app.ts';

/** A stand-in build: the server's part is the same whatever Vite put in the files. */
const build = await mkdtemp(path.join(tmpdir(), 'hookrelay-portal-'));
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(4_000))});`;
const STYLES = `body { color: ${'#123456 '.repeat(500)}; }`;
// Level 1: unlike what the server would make itself, so the bytes show which one was sent.
const BUILT_GZIP = gzipSync(STYLES, { level: 1 });
beforeAll(async () => {
  await mkdir(path.join(build, 'assets'));
  await writeFile(path.join(build, 'index.html'), '<!doctype html><html><head><!--hookrelay-portal-config--><script type="module" src="/portal/assets/app-3f9a.js"></script></head><body></body></html>');
  await writeFile(path.join(build, 'assets', 'app-3f9a.js'), SCRIPT);
  // As the portal's build writes them: served as they are, not compressed again at start.
  await writeFile(path.join(build, 'assets', 'styles-77aa.css'), STYLES);
  await writeFile(path.join(build, 'assets', 'styles-77aa.css.br'), brotliCompressSync(STYLES, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }));
  await writeFile(path.join(build, 'assets', 'styles-77aa.css.gz'), BUILT_GZIP);
});
afterAll(() => rm(build, { recursive: true, force: true }));

const fixture = useTestApp({
  portalDir: build,
  portalName: 'Acme </script><script>alert(1)</script>',
  portalLogoUrl: 'https://cdn.acme.example/logo.svg',
  portalAccentColor: '#0a7',
  portalReturnUrl: 'https://app.acme.example/settings',
  portalFrameAncestors: "'self' https://app.acme.example",
});
const missing = useTestApp({ portalDir: path.join(build, 'absent') });

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** node:http, not fetch: fetch decompresses on its own and hides which encoding was sent. */
function get(base: string, target: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${target}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const embeddedConfig = (html: string) => JSON.parse(/<script type="application\/json" id="hookrelay-portal-config">(.*?)<\/script>/.exec(html)?.[1] ?? 'null');

describe('the portal page', () => {
  it('carries the branding as data, under a strict CSP that allows the configured embedders', async () => {
    const page = await get(fixture.t.app.url, '/portal');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-cache');
    const html = page.body.toString();
    expect(embeddedConfig(html)).toEqual({
      name: 'Acme </script><script>alert(1)</script>',
      logoUrl: 'https://cdn.acme.example/logo.svg',
      accentColor: '#0a7',
      returnUrl: 'https://app.acme.example/settings',
    });
    // The name cannot end the data block early and run as a script.
    expect(html).not.toContain('<script>alert(1)');

    const csp = String(page.headers['content-security-policy']);
    const host = new URL(fixture.t.app.url).host;
    expect(csp.split('; ')).toEqual(
      expect.arrayContaining([
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: https://cdn.acme.example",
        "frame-ancestors 'self' https://app.acme.example",
        `connect-src 'self' ws://${host} wss://${host}`,
        "base-uri 'none'",
      ]),
    );
    expect(page.headers['referrer-policy']).toBe('no-referrer');
  });

  it('answers every client route with the page, so a shared link opens where it points', async () => {
    for (const route of ['/portal/', '/portal/events?status=FAILED', '/portal/events/evt_123', '/portal/issues']) {
      const page = await get(fixture.t.app.url, route);
      expect(page.status, route).toBe(200);
      expect(embeddedConfig(page.body.toString()).name, route).toContain('Acme');
    }
  });

  it('serves hashed assets compressed and cached for a year', async () => {
    const br = await get(fixture.t.app.url, '/portal/assets/app-3f9a.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers).toMatchObject({ 'content-encoding': 'br', 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=31536000, immutable', vary: 'accept-encoding' });
    expect(brotliDecompressSync(br.body).toString()).toBe(SCRIPT);
    expect(br.body.length).toBeLessThan(SCRIPT.length / 10);

    const gzip = await get(fixture.t.app.url, '/portal/assets/app-3f9a.js', { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).toString()).toBe(SCRIPT);

    const plain = await get(fixture.t.app.url, '/portal/assets/app-3f9a.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(SCRIPT);

    const head = await get(fixture.t.app.url, '/portal/assets/app-3f9a.js', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
  });

  it('sends the compressed files the build wrote, and not those as files of their own', async () => {
    const gzip = await get(fixture.t.app.url, '/portal/assets/styles-77aa.css', { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(gzip.body.equals(BUILT_GZIP)).toBe(true);
    const br = await get(fixture.t.app.url, '/portal/assets/styles-77aa.css', { 'accept-encoding': 'br' });
    expect(brotliDecompressSync(br.body).toString()).toBe(STYLES);
    expect((await get(fixture.t.app.url, '/portal/assets/styles-77aa.css.gz')).status).toBe(404);
  });

  it('refuses what it does not serve, saying why', async () => {
    const absent = await get(fixture.t.app.url, '/portal/assets/app-0000.js');
    expect(absent.status).toBe(404);
    expect(JSON.parse(absent.body.toString()).error).toMatchObject({ code: 'NOT_FOUND', hint: expect.stringContaining('Reload') });
    // Only files of the build are served: no path reaches outside it.
    expect((await get(fixture.t.app.url, '/portal/assets/..%2f..%2fpackage.json')).status).toBe(404);

    const post = await get(fixture.t.app.url, '/portal', {}, 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it('says how to build it when the build is missing', async () => {
    const answer = await get(missing.t.app.url, '/portal');
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.body.toString()).error).toMatchObject({ code: 'PORTAL_NOT_BUILT', hint: expect.stringContaining('npm run portal:build') });
  });
});

describe('portal settings', () => {
  it('name the variable and the fix for a bad value', () => {
    const refused = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(refused({ HOOKRELAY_PORTAL_FRAME_ANCESTORS: "'self'; script-src *" })).toContain('HOOKRELAY_PORTAL_FRAME_ANCESTORS: must be CSP sources');
    expect(refused({ HOOKRELAY_PORTAL_ACCENT_COLOR: 'red' })).toContain('HOOKRELAY_PORTAL_ACCENT_COLOR: must be a hex colour');
    expect(refused({ HOOKRELAY_PORTAL_LOGO_URL: 'javascript:alert(1)' })).toContain('HOOKRELAY_PORTAL_LOGO_URL: must be an http(s) URL');
    expect(refused({ HOOKRELAY_PUBLIC_URL: 'ftp://x' })).toContain('HOOKRELAY_PUBLIC_URL: must be an http(s) URL');
    expect(loadConfig({ HOOKRELAY_PUBLIC_URL: 'https://hooks.example.com/' }).publicUrl).toBe('https://hooks.example.com');
  });
});
