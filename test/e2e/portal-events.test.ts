import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page, WebSocketRoute } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { itLeftNoTrace, PUBLISH, UPSERT, usePortalFixture, type Published } from './helpers/portal-fixture.ts';
import { ARTIFACTS, cspViolations, openSession, seriousViolations } from './helpers/portal.ts';

/**
 * The tenant portal's event log in real headless Chromium: live rows, filters in the URL, the live
 * connection dropping and catching up, Retry and Recover, paging, and axe-core with screenshots on
 * every page. `npx vitest run --project e2e test/e2e/portal-events.test.ts`.
 */
const portal = usePortalFixture();
beforeAll(async () => {
  // A log that is not empty when the page opens, and a-flaky's one failure kept for the first
  // test: a test event to a-down alone, whose receiver is down.
  const { connections } = await portal.admin<{ connections: { edges: Array<{ node: { id: string; name: string } }> } }>(`{ connections(filter: { sourceName: "tenant-a" }, first: 10) { edges { node { id name } } } }`);
  await portal.admin(`mutation($id: ID!) { sendTestEvent(connectionId: $id) { id } }`, { id: connections.edges.find((e) => e.node.name === 'a-down')!.node.id });
  await portal.signIn();
});

const rowIds = (target: Page) => target.locator('.events-table tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-event-id')));

describe('tenant portal: event log', () => {
  it('shows a backend-published event in the open log within 2 s, and a failed one turns SUCCESSFUL after Retry', async () => {
    const { page } = portal;
    await page.getByRole('link', { name: 'Event log' }).click();
    await page.getByRole('heading', { name: 'Event log' }).waitFor();
    await page.locator('.events-table tbody tr').first().waitFor();
    await expect.poll(() => page.locator('.live').getAttribute('data-state')).toBe('live');

    const started = Date.now();
    const published = await portal.admin<Published>(PUBLISH, { input: { source: 'tenant-a', eventType: 'order.created', body: { id: 1002, total: 99 } } });
    const flakyEvent = published.publishEvent.events.find((e) => e.connection.name === 'a-flaky');
    expect(flakyEvent).toBeDefined();
    const liveRow = page.locator(`.events-table tr[data-event-id="${flakyEvent!.id}"]`);
    await liveRow.waitFor({ timeout: 2_000 });
    portal.figures.publishedEventVisibleMs = Date.now() - started;
    console.log(`portal event log: a published event showed after ${portal.figures.publishedEventVisibleMs} ms`);
    // The receiver answers 500 once and the connection has no retries: FAILED, live.
    await page.locator(`.events-table tr[data-event-id="${flakyEvent!.id}"][data-status="FAILED"]`).waitFor({ timeout: 10_000 });
    await portal.expectNoTenantB(page);

    await liveRow.getByRole('link').first().click();
    await page.getByRole('heading', { name: 'Attempts' }).waitFor();
    expect(await page.locator('[data-attempt="1"]').getAttribute('data-status')).toBe('FAILED');
    expect(await page.locator('[data-attempt="1"]').innerText()).toContain('HTTP 500');
    expect(await page.getByText('scripted failure 1 of 1').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.locator('[data-attempt="2"][data-status="SUCCESSFUL"]').waitFor({ timeout: 10_000 });
    await page.locator('.facts [data-status="SUCCESSFUL"]').waitFor();
    await portal.waitForStatus(flakyEvent!.id, 'SUCCESSFUL');
  });

  it('filters the log by endpoint and status in the URL, and keeps tenant B out of the live stream', async () => {
    const { page } = portal;
    await page.goto(`${portal.base}/portal/events?endpoint=${portal.flakyConnectionId}&status=SUCCESSFUL`);
    await page.locator('.events-table tbody tr').first().waitFor();
    const statuses = await page.locator('.events-table tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')));
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set(['SUCCESSFUL']));
    expect(await page.getByLabel('Status').inputValue()).toBe('SUCCESSFUL');

    await page.goto(`${portal.base}/portal/events`);
    await page.locator('.events-table tbody tr').first().waitFor();
    await expect.poll(() => page.locator('.live').getAttribute('data-state')).toBe('live');
    const b = await portal.admin<Published>(PUBLISH, { input: { source: 'tenant-b', body: { id: 10 } } });
    const a = await portal.admin<Published>(PUBLISH, { input: { source: 'tenant-a', eventType: 'invoice.paid', body: { invoice: 'inv_2' } } });
    await page.locator(`tr[data-event-id="${a.publishEvent.events[0].id}"]`).waitFor({ timeout: 5_000 });
    expect(await page.locator(`tr[data-event-id="${b.publishEvent.events[0].id}"]`).count()).toBe(0);
    await portal.expectNoTenantB(page);
  });

  it('says when the live connection drops, and catches up with what it missed once back', async () => {
    // This tab's WebSocket runs through Playwright, which can cut it (1012, service restart: the
    // client retries) and refuse new ones until told otherwise.
    const tab = await portal.browser.newPage();
    let reachable = true;
    const sockets: WebSocketRoute[] = [];
    await tab.routeWebSocket(/\/graphql$/, (ws) => {
      if (!reachable) return ws.close({ code: 1012, reason: 'test: server restarting' });
      sockets.push(ws);
      ws.connectToServer();
    });
    await portal.signIn(tab);
    await tab.getByRole('link', { name: 'Event log' }).click();
    await tab.locator('.events-table tbody tr').first().waitFor();
    const live = tab.locator('.live');
    await expect.poll(() => live.getAttribute('data-state')).toBe('live');

    reachable = false;
    await Promise.all(sockets.map((ws) => ws.close({ code: 1012, reason: 'test: server restarting' })));
    await expect.poll(() => live.getAttribute('data-state')).toBe('reconnecting');
    expect(await live.innerText()).toContain('Reconnecting');
    expect(await live.getAttribute('aria-live')).toBe('polite');
    expect(await tab.locator('.live-note').innerText()).toContain('Reconnecting');
    const missed = await portal.admin<Published>(PUBLISH, { input: { source: 'tenant-a', eventType: 'order.created', body: { id: 1003, total: 12 } } });
    reachable = true;
    await expect.poll(() => live.getAttribute('data-state'), { timeout: 15_000 }).toBe('live');
    await tab.locator(`tr[data-event-id="${missed.publishEvent.events[0].id}"]`).first().waitFor();
    await tab.close();
  });

  it('recovers failed events since a time, with progress from bulkRetryProgress', async () => {
    const { page } = portal;
    await page.goto(`${portal.base}/portal/events?status=FAILED`);
    await page.locator('.events-table tbody tr').first().waitFor();
    await page.getByText('Recover failed events').click();
    await page.getByRole('button', { name: 'Retry failed events' }).click();
    const label = page.locator('label[for="recover-progress"]');
    await expect.poll(() => label.textContent(), { timeout: 10_000 }).toMatch(/^Done: [1-9]\d* of [1-9]\d* events scheduled/);
    const progress = page.locator('#recover-progress');
    expect(await progress.getAttribute('value')).toBe(await progress.getAttribute('max'));
  });

  it('pages through the log with Older and Newer, the cursor in the URL, back and reload included', async () => {
    // A tenant of its own with four endpoints: one publish call of 15 events fans out to 60
    // deliveries, 25 a page (the GraphQL limits allow 15 aliases an operation).
    for (let n = 1; n <= 4; n++) {
      await portal.admin(UPSERT, { input: { name: `p-${n}`, source: { name: 'tenant-paging' }, destination: { name: `p-${n}`, url: `${portal.okReceiver.url}/paging-${n}` } } });
    }
    const publishes = Array.from({ length: 15 }, (_, i) => `e${i}: publishEvent(input: { source: "tenant-paging", eventType: "order.created", body: { id: ${2000 + i} } }) { eventRequestId }`);
    await portal.admin(`mutation { ${publishes.join('\n')} }`);
    type Edges = { events: { edges: Array<{ cursor: string; node: { id: string; status: string } }> } };
    const read = () => portal.admin<Edges>(`{ events(filter: { sourceName: "tenant-paging" }, first: 100) { edges { cursor node { id status } } } }`);
    // Every delivery done first, so that the pages hold still while they are compared.
    await expect.poll(async () => (await read()).events.edges.filter((e) => e.node.status === 'SUCCESSFUL').length, { timeout: 20_000 }).toBe(60);
    const edges = (await read()).events.edges;
    const ids = edges.map((e) => e.node.id);
    const cursor = (index: number) => edges[index].cursor;

    const tab = await portal.browser.newPage();
    await tab.goto((await openSession(portal.base, 'tenant-paging', [])).url);
    await tab.locator('.endpoints-table').waitFor();
    const pager = tab.getByRole('navigation', { name: 'Pages of events' });
    const link = (name: string) => pager.getByRole('link', { name });
    const expectPage = async (rows: string[], query: Record<string, string>, links: { newest: boolean; newer: boolean; older: boolean }) => {
      await expect.poll(() => rowIds(tab)).toEqual(rows);
      const url = new URL(tab.url());
      expect(url.pathname).toBe('/portal/events');
      expect(Object.fromEntries(url.searchParams)).toEqual(query);
      expect(await pager.innerText()).toContain(`${rows.length} shown`);
      expect({ newest: await link('Newest').count(), newer: await link('← Newer').count(), older: await link('Older →').count() }).toEqual({
        newest: Number(links.newest),
        newer: Number(links.newer),
        older: Number(links.older),
      });
    };
    await tab.getByRole('link', { name: 'Event log' }).click();
    await expectPage(ids.slice(0, 25), {}, { newest: false, newer: false, older: true });
    await link('Older →').click();
    await expectPage(ids.slice(25, 50), { after: cursor(24) }, { newest: true, newer: true, older: true });
    await link('Older →').click();
    await expectPage(ids.slice(50), { after: cursor(49) }, { newest: true, newer: true, older: false });

    // History follows the pages; a paged link reloads as the same page.
    await tab.goBack();
    await expectPage(ids.slice(25, 50), { after: cursor(24) }, { newest: true, newer: true, older: true });
    await tab.goForward();
    await expectPage(ids.slice(50), { after: cursor(49) }, { newest: true, newer: true, older: false });
    await link('← Newer').click();
    await expectPage(ids.slice(25, 50), { before: cursor(50) }, { newest: true, newer: true, older: true });
    await link('← Newer').click();
    await expectPage(ids.slice(0, 25), { before: cursor(25) }, { newest: true, newer: false, older: true });
    await tab.reload();
    await expectPage(ids.slice(0, 25), { before: cursor(25) }, { newest: true, newer: false, older: true });
    await link('Newest').click();
    await expectPage(ids.slice(0, 25), {}, { newest: false, newer: false, older: true });

    // Live on the first page: a new event goes on top, an older one that changes stays off it.
    const oldest = ids[59];
    await portal.admin(`mutation($id: ID!) { retryEvent(id: $id) { id } }`, { id: oldest });
    await expect.poll(async () => (await read()).events.edges.find((e) => e.node.id === oldest)?.node.status, { timeout: 10_000 }).toBe('SUCCESSFUL');
    await portal.admin(`mutation { publishEvent(input: { source: "tenant-paging", eventType: "order.created", body: { id: 3000 } }) { eventRequestId } }`);
    const fresh = (await read()).events.edges.slice(0, 4).map((e) => e.node.id);
    await expect.poll(async () => (await rowIds(tab)).slice(0, 4).sort()).toEqual([...fresh].sort());
    expect(await rowIds(tab)).not.toContain(oldest);
    expect(await cspViolations(tab)).toEqual([]);
    await tab.close();
  });

  it('passes axe-core on every page at 1280 and 375 px, in both themes, and saves screenshots', async () => {
    const { chromium, session, base } = portal;
    await mkdir(ARTIFACTS, { recursive: true });
    // The event that failed and was retried: two attempts to show.
    const { events } = await portal.admin<{ events: { edges: Array<{ node: { id: string; attemptCount: number } }> } }>(
      `query($f: EventFilter) { events(filter: $f, first: 20) { edges { node { id attemptCount } } } }`,
      { f: { sourceName: 'tenant-a', connectionId: portal.flakyConnectionId } },
    );
    const eventId = events.edges.find((edge) => edge.node.attemptCount > 1)!.node.id;
    const pages: Array<{ name: string; path: string; ready: (p: Page) => Promise<unknown> }> = [
      { name: 'endpoints', path: '/portal/', ready: (p) => p.locator('.endpoints-table tbody tr').first().waitFor() },
      { name: 'events', path: '/portal/events', ready: (p) => p.locator('.events-table tbody tr').first().waitFor() },
      { name: 'event', path: `/portal/events/${eventId}`, ready: (p) => p.locator('[data-attempt]').first().waitFor() },
      { name: 'issues', path: '/portal/issues', ready: (p) => p.locator('.issue').first().waitFor() },
      { name: 'signatures', path: '/portal/signatures', ready: (p) => p.getByTestId('snippet').waitFor() },
    ];
    const found: Record<string, unknown> = {};
    for (const theme of ['light', 'dark'] as const) {
      for (const width of [1280, 375]) {
        // axe-core is injected as a script tag, which the portal's CSP (rightly) refuses: this
        // context bypasses it; the others enforce it and record violations.
        const audit = await chromium.context({ bypassCSP: true, width, height: width === 375 ? 812 : 800, colorScheme: theme });
        const tab = await audit.newPage();
        await tab.goto(session.url);
        await tab.locator('.endpoints-table').waitFor();
        for (const target of pages) {
          await tab.goto(`${base}${target.path}`);
          await target.ready(tab);
          await expect.poll(() => tab.locator('.live').getAttribute('data-state')).toBe('live');
          const violations = await seriousViolations(tab);
          if (violations.length) found[`${target.name}@${width}/${theme}`] = violations;
          await tab.screenshot({ path: path.join(ARTIFACTS, `portal-${target.name}-${width}${theme === 'dark' ? '-dark' : ''}.png`), fullPage: true });
        }
        // A dialog open, too: the add form.
        await tab.goto(`${base}/portal/`);
        await tab.getByRole('button', { name: 'Add endpoint' }).click();
        await tab.getByRole('dialog').waitFor();
        const dialogViolations = await seriousViolations(tab);
        if (dialogViolations.length) found[`add-endpoint@${width}/${theme}`] = dialogViolations;
        await tab.screenshot({ path: path.join(ARTIFACTS, `portal-add-endpoint-${width}${theme === 'dark' ? '-dark' : ''}.png`) });
        await audit.close();
      }
    }
    const expiredTab = await (await chromium.context({ bypassCSP: true, width: 375, height: 812 })).newPage();
    await expiredTab.goto(`${base}/portal#token=hrt_nope`);
    await expiredTab.getByRole('heading', { name: 'This link has expired or is invalid' }).waitFor();
    const expiredViolations = await seriousViolations(expiredTab);
    if (expiredViolations.length) found['expired@375'] = expiredViolations;
    await expiredTab.screenshot({ path: path.join(ARTIFACTS, 'portal-expired-375.png') });
    expect(found).toEqual({});
  }, 90_000);

  itLeftNoTrace(portal);
});
