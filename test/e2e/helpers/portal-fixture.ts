import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { useTestApp } from '../../helpers/app.ts';
import { failTimes, refusedUrl, startReceiver, type Receiver } from '../../helpers/receiver.ts';
import { recordFigures } from './figures.ts';
import { ARTIFACTS, cspViolations, ensurePortalBuilt, gql, gqlRaw, launchChromium, openSession, type Chromium, type PortalSession } from './portal.ts';

/**
 * What every portal test file starts from: its own app (branded as a platform would, without a
 * rebuild) on its own database, with two tenants set up by the platform's backend, one Chromium,
 * and tenant A's session with every capability. Each file runs in its own worker.
 */
export const RETURN_URL = 'https://platform.example/settings/webhooks';
export const PORTAL_NAME = 'Acme Cloud';
export const UPSERT = `mutation($input: UpsertConnectionInput!) { upsertConnection(input: $input) { id name source { id } } }`;
export const PUBLISH = `mutation($input: PublishEventInput!) { publishEvent(input: $input) { eventRequestId events { id connection { name } } } }`;

export type Published = { publishEvent: { events: Array<{ id: string; connection: { name: string } }> } };

export interface PortalFixture {
  readonly base: string;
  admin<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<T>;
  readonly chromium: Chromium;
  /** The context the tests' tabs open in: local-only, CSP enforced. */
  readonly browser: BrowserContext;
  /** The main tab: the tests of a file run one after the other in it. */
  readonly page: Page;
  /** Tenant A's session: MANAGE_ENDPOINTS, VIEW_SECRETS and RETRY, returning to RETURN_URL. */
  readonly session: PortalSession;
  /** 200 to everything. */
  readonly okReceiver: Receiver;
  /** Behind tenant A's a-flaky: 500 once, then 200. */
  readonly flakyReceiver: Receiver;
  readonly flakyConnectionId: string;
  /** Tenant B's one event: it must never show in tenant A's portal. */
  readonly tenantBEventId: string;
  /** Written to test/artifacts/portal-figures.json after the file's tests (merged with the other files'). */
  readonly figures: Record<string, unknown>;
  /** Opens `target` (the main tab by default) from the session's link, as the platform's page would. */
  signIn(target?: Page): Promise<void>;
  waitForStatus(eventId: string, status: string, timeoutMs?: number): Promise<void>;
  /** Tenant B's endpoint and event are nowhere on the page. */
  expectNoTenantB(target: Page): Promise<void>;
}

export const endpointRow = (target: Page, url: string) => target.locator('.endpoints-table tbody tr').filter({ has: target.getByText(url, { exact: true }) });

export function usePortalFixture(): PortalFixture {
  // The build must exist before the app starts: it reads portal/dist once, at start.
  beforeAll(ensurePortalBuilt, 150_000);
  // Branded as a platform would, without a rebuild: the settings reach the page at run time.
  const app = useTestApp({ portalReturnUrl: RETURN_URL, portalName: PORTAL_NAME, portalAccentColor: '#0e7490' });
  const base = () => app.t.app.url;
  const admin = <T = Record<string, any>>(query: string, variables?: Record<string, unknown>) => gql<T>(base(), query, variables);
  const figures: Record<string, unknown> = {};
  const receivers: Receiver[] = [];
  let chromium: Chromium | undefined;
  let state: Pick<PortalFixture, 'chromium' | 'browser' | 'page' | 'session' | 'okReceiver' | 'flakyReceiver' | 'flakyConnectionId' | 'tenantBEventId'> | undefined;
  const get = () => {
    if (!state) throw new Error('usePortalFixture: set up in beforeAll; use it inside tests or later hooks');
    return state;
  };

  beforeAll(async () => {
    const [okReceiver, flakyReceiver, tenantBReceiver] = await Promise.all([startReceiver(), startReceiver({ respond: failTimes(1, 500) }), startReceiver()]);
    receivers.push(okReceiver, flakyReceiver, tenantBReceiver);
    await admin(`mutation($input: EventTypeInput!) { upsertEventType(input: $input) { id } }`, {
      input: { name: 'order.created', description: 'An order was placed.', schema: { type: 'object', required: ['id'] }, example: { id: 1001, total: 42.5 } },
    });
    await admin(`mutation($input: EventTypeInput!) { upsertEventType(input: $input) { id } }`, {
      input: { name: 'invoice.paid', description: 'An invoice was paid in full.', example: { invoice: 'inv_1' } },
    });

    // Tenant A starts with two endpoints set up by the platform: one that fails once, one that is down.
    const flaky = await admin<{ upsertConnection: { id: string } }>(UPSERT, {
      input: {
        name: 'a-flaky',
        description: 'Order sync',
        source: { name: 'tenant-a' },
        destination: { name: 'a-flaky', url: flakyReceiver.url },
        rules: { retry: { strategy: 'LINEAR', count: 0, intervalMs: 100 } },
      },
    });
    await admin(UPSERT, {
      input: {
        name: 'a-down',
        description: 'Billing (receiver down)',
        source: { name: 'tenant-a' },
        destination: { name: 'a-down', url: await refusedUrl() },
        rules: { retry: { strategy: 'LINEAR', count: 0, intervalMs: 100 }, eventTypes: ['invoice.*'] },
      },
    });
    // Tenant B: its endpoint and events must never show in A's portal.
    await admin(UPSERT, { input: { name: 'b-hook', source: { name: 'tenant-b' }, destination: { name: 'b-hook', url: `${tenantBReceiver.url}/tenant-b-only` } } });
    const published = await admin<Published>(PUBLISH, { input: { source: 'tenant-b', eventType: 'order.created', body: { id: 9 } } });

    chromium = await launchChromium();
    const browser = await chromium.context();
    const session = await openSession(base(), 'tenant-a', ['MANAGE_ENDPOINTS', 'VIEW_SECRETS', 'RETRY'], RETURN_URL);
    // A server that has run for a while has its query paths warm: one tenant query like the first
    // page's, so the first-render figure measures the page and not the app's first request.
    await gqlRaw(base(), `{ viewer { source { connections(first: 5) { edges { node { destination { stats { successRate latencyP50Ms } } } } } } } }`, {}, `Bearer ${session.token}`);
    state = {
      chromium,
      browser,
      page: await browser.newPage(),
      session,
      okReceiver,
      flakyReceiver,
      flakyConnectionId: flaky.upsertConnection.id,
      tenantBEventId: published.publishEvent.events[0].id,
    };
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await Promise.all(receivers.map((r) => r.close()));
    await recordFigures(figures);
  });

  // A failed test leaves the main page's state behind, to look at.
  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail' && state) {
      await mkdir(ARTIFACTS, { recursive: true });
      await state.page.screenshot({ path: path.join(ARTIFACTS, `portal-failed-${task.name.slice(0, 40).replace(/\W+/g, '-')}.png`), fullPage: true }).catch(() => undefined);
    }
  });

  return {
    get base() {
      return base();
    },
    admin,
    figures,
    get chromium() { return get().chromium; },
    get browser() { return get().browser; },
    get page() { return get().page; },
    get session() { return get().session; },
    get okReceiver() { return get().okReceiver; },
    get flakyReceiver() { return get().flakyReceiver; },
    get flakyConnectionId() { return get().flakyConnectionId; },
    get tenantBEventId() { return get().tenantBEventId; },
    async signIn(target = get().page) {
      await target.goto(get().session.url);
      await target.locator('.endpoints-table').waitFor();
    },
    async waitForStatus(eventId, status, timeoutMs = 10_000) {
      const read = async () => (await admin<{ event: { status: string } }>(`query($id: ID!) { event(id: $id) { status } }`, { id: eventId })).event.status;
      await expect.poll(read, { timeout: timeoutMs, message: `event ${eventId} to be ${status}` }).toBe(status);
    },
    async expectNoTenantB(target) {
      const text = await target.locator('body').innerText();
      expect(text).not.toContain('tenant-b-only');
      expect(text).not.toContain(get().tenantBEventId);
      expect(text).not.toContain('b-hook');
    },
  };
}

/** Every file's last test: nothing left the machine, no CSP rule broken and no error thrown, in any tab. */
export function itLeftNoTrace(portal: PortalFixture): void {
  it('loaded nothing from outside the machine, broke no CSP rule and threw no error', async () => {
    expect(portal.chromium.outside).toEqual([]);
    expect(await cspViolations(portal.page)).toEqual([]);
    expect(portal.chromium.cspViolations).toEqual([]);
    expect(portal.chromium.pageErrors).toEqual([]);
  });
}
