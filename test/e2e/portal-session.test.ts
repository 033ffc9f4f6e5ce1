import type { Page } from 'playwright-core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startTestApp } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/database.ts';
import { startLogoServer } from './helpers/logo-server.ts';
import { endpointRow, itLeftNoTrace, PORTAL_NAME, PUBLISH, RETURN_URL, usePortalFixture, type Published } from './helpers/portal-fixture.ts';
import { cspViolations, gqlRaw, gzippedScriptBytes, openSession } from './helpers/portal.ts';

/**
 * The tenant portal's session in real headless Chromium: opening from the platform's link, the
 * first page's budget, branding, what a read-only session may do, the expired page, and that
 * tenant B stays out. `npx vitest run --project e2e test/e2e/portal-session.test.ts`.
 */
const BUDGET_GZIP_BYTES = 60 * 1024;
const BUDGET_FIRST_RENDER_MS = 1_000;

const portal = usePortalFixture();

/** Navigation start to the endpoints table showing rows, measured in the page's own clock. */
async function endpointRowsShownAt(target: Page): Promise<number> {
  const shown = await target.waitForFunction(() => (document.querySelector('.endpoints-table tbody tr') ? performance.now() : 0), undefined, { timeout: 10_000 });
  return Math.round((await shown.jsonValue()) as number);
}

describe('tenant portal: session', () => {
  it('opens a session from its link: token out of the address bar, first page within budget, tenant A only', async () => {
    const { page, session, figures } = portal;
    const scripts: string[] = [];
    page.on('response', (response) => {
      if (/\/portal\/assets\/.+\.js$/.test(response.url())) scripts.push(response.url());
    });
    await page.goto(session.url);
    const firstRenderMs = await endpointRowsShownAt(page);
    await page.waitForLoadState('networkidle');
    figures.firstPageTimeline = await page.evaluate(() =>
      performance.getEntriesByType('resource').map((e) => {
        const r = e as PerformanceResourceTiming;
        return `${new URL(r.name).pathname} ${Math.round(r.startTime)}-${Math.round(r.responseEnd)}`;
      }),
    );
    const bundle = await gzippedScriptBytes(scripts);
    // Files run two at a time on a shared machine: another file's start can slow one load. One over
    // budget is measured again, cold (a fresh context each), at most twice; every try is kept.
    const tries = [firstRenderMs];
    while (tries.length < 3 && Math.min(...tries) >= BUDGET_FIRST_RENDER_MS) {
      const fresh = await portal.chromium.context();
      const tab = await fresh.newPage();
      await tab.goto(session.url);
      tries.push(await endpointRowsShownAt(tab));
      await fresh.close();
    }
    figures.firstRenderTriesMs = tries;
    figures.firstRenderMs = Math.min(...tries);
    figures.firstPageGzipJsBytes = bundle.total;
    figures.firstPageScripts = bundle.files;
    console.log(`portal first page: ${(bundle.total / 1024).toFixed(1)} kB gzipped JS in ${Object.keys(bundle.files).length} files; endpoints rows after ${tries.join(', ')} ms`);
    expect(bundle.total).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
    expect(figures.firstRenderMs).toBeLessThan(BUDGET_FIRST_RENDER_MS);

    // Again with the browser's cache warm (assets are immutable; the data is asked for again).
    await page.reload();
    figures.warmRenderMs = await endpointRowsShownAt(page);
    console.log(`portal first page again, warm cache: endpoints rows after ${figures.warmRenderMs} ms; timeline of the first load: ${(figures.firstPageTimeline as string[]).join(', ')}`);

    expect(page.url()).toBe(`${portal.base}/portal`);
    expect(await page.evaluate(() => sessionStorage.getItem('hookrelay.portal.token'))).toBe(session.token);
    await expect.poll(() => page.locator('.live').getAttribute('data-state')).toBe('live');
    await expect.poll(() => page.title()).toBe(`Endpoints · ${PORTAL_NAME} webhooks`);
    expect(await page.locator('.topbar .brand-name').innerText()).toBe(PORTAL_NAME);
    expect(await page.locator('html').getAttribute('data-theme')).toBe('light');
    expect(await page.evaluate(() => document.documentElement.style.getPropertyValue('--accent'))).toBe('#0e7490');
    expect(await endpointRow(page, portal.flakyReceiver.url).count()).toBe(1);
    expect(await page.getByText('Order sync', { exact: true }).count()).toBe(1);
    await portal.expectNoTenantB(page);

    // ?theme= overrides the system's scheme, for the rest of the tab's visit.
    await page.goto(`${portal.base}/portal/?theme=dark`);
    await page.locator('.endpoints-table tbody tr').first().waitFor();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    await page.goto(`${portal.base}/portal/issues`);
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    await page.goto(`${portal.base}/portal/?theme=light`);
    expect(await page.locator('html').getAttribute('data-theme')).toBe('light');
  });

  it('gives a read-only session no edit control, and the server refuses the calls it forces (FORBIDDEN)', async () => {
    const base = portal.base;
    // An event in a final state, the kind a Retry button would be offered for.
    const published = await portal.admin<Published>(PUBLISH, { input: { source: 'tenant-a', eventType: 'order.created', body: { id: 1001 } } });
    await portal.waitForStatus(published.publishEvent.events.find((e) => e.connection.name === 'a-flaky')!.id, 'FAILED');

    const readOnly = await openSession(base, 'tenant-a', []);
    const viewer = await portal.browser.newPage();
    await viewer.goto(readOnly.url);
    await endpointRow(viewer, portal.flakyReceiver.url).waitFor();
    for (const name of ['Add endpoint', /^Send test/, /^Edit/, /More actions/]) {
      expect(await viewer.getByRole('button', { name }).count()).toBe(0);
    }
    await viewer.goto(`${base}/portal/events`);
    await viewer.locator('.events-table tbody tr').first().waitFor();
    await viewer.locator('.events-table tbody tr th a').first().click();
    await viewer.getByRole('heading', { name: 'Attempts' }).waitFor();
    expect(await viewer.getByRole('button', { name: 'Retry' }).count()).toBe(0);
    await viewer.goto(`${base}/portal/signatures`);
    await viewer.getByTestId('snippet').waitFor();
    expect(await viewer.getByTestId('snippet').innerText()).toContain('whsec_...');
    expect(await viewer.getByRole('button', { name: /Show my secret/ }).count()).toBe(0);
    await portal.expectNoTenantB(viewer);

    // The same calls the hidden controls would make, sent from the page with its own token.
    const forced = await viewer.evaluate(
      async ({ connectionId }) => {
        const token = sessionStorage.getItem('hookrelay.portal.token');
        const call = async (query: string, variables: object) => {
          const response = await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
          const body = await response.json();
          return body.errors?.[0]?.extensions?.code ?? 'allowed';
        };
        return {
          pause: await call('mutation($id: ID!) { pauseConnection(id: $id) { id } }', { id: connectionId }),
          test: await call('mutation($id: ID!) { sendTestEvent(connectionId: $id) { id } }', { id: connectionId }),
        };
      },
      { connectionId: portal.flakyConnectionId },
    );
    expect(forced).toEqual({ pause: 'FORBIDDEN', test: 'FORBIDDEN' });
    const destination = await portal.admin<{ connections: { edges: Array<{ node: { destination: { id: string } } }> } }>(`{ connections(filter: { sourceName: "tenant-a" }, first: 10) { edges { node { destination { id } } } } }`);
    const secret = await gqlRaw(base, `query($id: ID!) { destinationSecret(destinationId: $id) }`, { id: destination.connections.edges[0].node.destination.id }, `Bearer ${readOnly.token}`);
    expect(secret.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await cspViolations(viewer)).toEqual([]);
    await viewer.close();
  });

  it('shows the expired page for an invalid token and for a revoked session, with the way back', async () => {
    // Watched for uncaught errors like every tab: closing the socket of a refused token once threw
    // an unhandled CloseEvent here.
    const watched = await portal.chromium.context();
    let stranger = await watched.newPage();
    await stranger.goto(`${portal.base}/portal#token=hrt_not-a-real-token`);
    await stranger.getByRole('heading', { name: 'This link has expired or is invalid' }).waitFor();
    expect(await stranger.getByRole('link', { name: `Return to ${PORTAL_NAME}` }).getAttribute('href')).toBe(RETURN_URL);
    expect(await stranger.locator('.expired-card').innerText()).toContain('Invalid tenant token');

    const revoked = await openSession(portal.base, 'tenant-a', ['RETRY'], 'https://platform.example/again');
    await portal.admin(`mutation($token: String!) { revokeTenantToken(token: $token) }`, { token: revoked.token });
    // A new tab: the same URL with another fragment would not load the page again.
    await stranger.close();
    stranger = await watched.newPage();
    await stranger.goto(revoked.url);
    await stranger.getByRole('heading', { name: 'This link has expired or is invalid' }).waitFor();
    expect(await stranger.getByRole('link', { name: `Return to ${PORTAL_NAME}` }).getAttribute('href')).toBe('https://platform.example/again');
    expect(await cspViolations(stranger)).toEqual([]);
    await stranger.close();
  });

  it("shows the platform's logo from the platform's own origin, which the page's CSP allows", async () => {
    // Another app, on its own database: the logo is a start-time setting.
    const logo = await startLogoServer();
    onTestFinished(() => logo.close());
    const database = await createTestDatabase();
    onTestFinished(() => database.drop());
    const branded = await startTestApp(database.url, { portalName: PORTAL_NAME, portalLogoUrl: logo.url });
    onTestFinished(() => branded.stop());
    expect(new URL(logo.url).origin).not.toBe(new URL(branded.app.url).origin);

    const session = await openSession(branded.app.url, 'tenant-logo', []);
    const tab = await portal.browser.newPage();
    const response = await tab.goto(session.url);
    expect(response?.headers()['content-security-policy']).toContain(`img-src 'self' data: ${new URL(logo.url).origin};`);
    const image = tab.locator('.topbar .brand-logo');
    expect(await image.getAttribute('src')).toBe(logo.url);
    // Loaded or refused, the image is complete; only a loaded one has a width of its own.
    await tab.waitForFunction(() => document.querySelector<HTMLImageElement>('.topbar .brand-logo')?.complete === true);
    expect(await image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(28);
    expect(logo.served).toBe(1);
    expect(await tab.locator('.topbar .brand-mark').count()).toBe(0);
    expect(await tab.locator('.topbar .brand-name').innerText()).toBe(PORTAL_NAME);
    expect(await cspViolations(tab)).toEqual([]);
    await tab.close();
  });

  itLeftNoTrace(portal);
});
