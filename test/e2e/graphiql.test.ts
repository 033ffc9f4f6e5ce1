import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpsertConnection } from '../documents.ts';
import { ADMIN_KEY, useTestApp } from '../helpers/app.ts';

/**
 * GraphiQL in a real headless Chromium that may reach nothing but this machine: every other
 * request is aborted and recorded, so a script, style, font or worker from a CDN shows up here
 * (and as a blank page). `npm run test:e2e`; needs Debian's chromium at /usr/bin/chromium.
 */
const ARTIFACTS = path.join(import.meta.dirname, '..', 'artifacts');
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

const fixture = useTestApp({ graphiql: true });
let userDataDir: string;
let browser: BrowserContext;
const outside: string[] = [];

beforeAll(async () => {
  await fixture.t.gql(UpsertConnection, { input: { name: 'graphiql-hook', source: { name: 'graphiql' }, destination: { name: 'd', url: 'https://hooks.test/x' } } });
  userDataDir = await mkdtemp(path.join(tmpdir(), 'hookrelay-chromium-'));
  browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 800 },
    extraHTTPHeaders: { authorization: `Bearer ${ADMIN_KEY}` },
  });
  await browser.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (LOCAL_HOSTS.has(url.hostname)) return route.continue();
    outside.push(url.href);
    return route.abort('blockedbyclient');
  });
});

afterAll(async () => {
  await browser?.close();
  if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
});

describe('GraphiQL', () => {
  it('loads from Hookrelay alone and runs a query', async () => {
    const page = await browser.newPage();
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    await page.goto(`${fixture.t.app.url}/graphql`);
    await page.locator('.graphiql-container').first().waitFor({ state: 'visible', timeout: 20_000 });

    const editor = page.locator('.graphiql-query-editor .monaco-editor, .graphiql-query-editor .CodeMirror').first();
    await editor.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText('{ connections(first: 5) { edges { node { name source { name } } } } }');
    await page.locator('.graphiql-prettify-button, [aria-label^="Prettify"]').first().click();
    await page.locator('.graphiql-execute-button').click();
    const response = page.locator('.graphiql-response');
    await page.waitForFunction(() => document.querySelector('.graphiql-response')?.textContent?.includes('graphiql-hook'), undefined, { timeout: 10_000 });
    expect(await response.textContent()).not.toContain('errors');

    // The documentation explorer lists the schema GraphiQL introspected: the introspection query
    // (15 deep) passes the query limits.
    await page.locator('[aria-label="Show Documentation Explorer"]').click();
    await page.locator('.graphiql-doc-explorer').getByText('Query', { exact: true }).first().waitFor({ state: 'visible' });

    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'graphiql.png') });
    expect(outside).toEqual([]);
    expect(failures).toEqual([]);
  });
});
