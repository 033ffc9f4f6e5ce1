import { beforeAll, describe, expect, it } from 'vitest';
import { endpointRow, itLeftNoTrace, PUBLISH, UPSERT, usePortalFixture, type Published } from './helpers/portal-fixture.ts';

/**
 * The tenant portal's endpoints in real headless Chromium: adding one (with the server's
 * validation at its field), a test event, the signing secret, edit / pause / enable / delete, and
 * issues. `npx vitest run --project e2e test/e2e/portal-endpoints.test.ts`.
 */
const portal = usePortalFixture();
beforeAll(() => portal.signIn());

describe('tenant portal: endpoints', () => {
  it('adds an endpoint with the server validation error shown at its field, then a test event turns successful live', async () => {
    const { page, okReceiver } = portal;
    await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add an endpoint' });
    await dialog.getByLabel('URL').fill(okReceiver.url);
    await expect.poll(() => dialog.getByLabel('Name').inputValue()).toMatch(/^127-0-0-1-[0-9a-f]{4}$/);
    await dialog.getByLabel('Description').fill('Local order handler');
    await dialog.getByLabel('Only the types chosen below').check();
    await expect.poll(() => dialog.getByText('An order was placed.').count()).toBe(1);
    await dialog.getByRole('checkbox', { name: /order\.created/ }).check();
    await dialog.getByText('Filter, headers and rate limit').click();
    const filter = dialog.getByLabel('Filter (JSON)');
    await filter.fill('{ "body": { "total": { "$bogus": 1 } } }');
    await dialog.getByLabel('Headers').fill('x-team: payments');
    await dialog.getByRole('button', { name: 'Add endpoint' }).click();

    // The server's message, at the filter field and tied to it (aria-describedby, aria-invalid).
    await expect.poll(() => filter.getAttribute('aria-invalid')).toBe('true');
    const describedBy = ((await filter.getAttribute('aria-describedby')) ?? '').split(' ').filter(Boolean);
    const described = await page.locator(describedBy.map((id) => `[id="${id}"]`).join(', ')).allInnerTexts();
    expect(described.join(' ')).toMatch(/body\.total\.\$bogus is an unknown operator/);
    expect(await dialog.locator('.field-error').count()).toBe(1);

    await filter.fill('{ "body": { "total": { "$gte": 10 } } }');
    await dialog.getByRole('button', { name: 'Add endpoint' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = endpointRow(page, okReceiver.url);
    await row.waitFor();
    expect(await row.innerText()).toContain('Local order handler');
    expect(await row.innerText()).toContain('order.created');

    await row.getByRole('button', { name: /^Send test/ }).click();
    await row.locator('[data-test-status="SUCCESSFUL"]').waitFor({ timeout: 10_000 });
    expect((await row.locator('.test-result').textContent())?.replace(/\s+/g, ' ')).toMatch(/Test event Successful HTTP 200 in \d+ ms/);
    const [delivered] = await okReceiver.waitForRequests(1);
    expect(delivered.headers['webhook-signature']).toMatch(/^v1,/);
    expect(delivered.headers['x-team']).toBe('payments');
    expect(JSON.parse(delivered.body).type).toBe('hookrelay.ping');
    // No reload happened on the way.
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  });

  it('reveals and rotates the signing secret with an overlap', async () => {
    const { page } = portal;
    await page.goto(`${portal.base}/portal/`);
    const row = endpointRow(page, portal.okReceiver.url);
    await row.getByRole('button', { name: /More actions/ }).click();
    await page.getByRole('button', { name: 'Signing secret' }).click();
    const dialog = page.getByRole('dialog', { name: 'Signing secret' });
    await dialog.getByRole('button', { name: 'Reveal secret' }).click();
    const secret = dialog.getByTestId('secret');
    await expect.poll(() => secret.textContent()).toMatch(/^whsec_/);
    const before = await secret.textContent();
    await dialog.getByLabel('Keep the current secret valid for').selectOption('3600');
    await dialog.getByRole('button', { name: 'Rotate secret' }).click();
    await expect.poll(() => secret.textContent()).not.toBe(before);
    expect(await dialog.getByText('The previous secret also stays valid until').count()).toBe(1);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('edits, pauses, resumes, re-enables and deletes an endpoint (with confirmation), from the keyboard', async () => {
    const { page } = portal;
    const spareUrl = `${portal.okReceiver.url}/spare`;
    const spare = await portal.admin<{ upsertConnection: { id: string } }>(UPSERT, { input: { name: 'a-spare', source: { name: 'tenant-a' }, destination: { name: 'a-spare', url: spareUrl } } });
    await page.goto(`${portal.base}/portal/`);
    const row = endpointRow(page, spareUrl);
    await row.waitFor();

    await row.getByRole('button', { name: /^Edit/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit endpoint' });
    expect(await dialog.getByLabel('Name').getAttribute('readonly')).not.toBeNull();
    await dialog.getByLabel('Description').fill('Spare endpoint, edited');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'detached' });
    await row.getByText('Spare endpoint, edited').waitFor();

    // The popover menu, keyboard only: focus its button, Enter opens, the items are buttons.
    const menuAction = async (item: string) => {
      await row.getByRole('button', { name: /More actions/ }).focus();
      await page.keyboard.press('Enter');
      const action = page.getByRole('button', { name: item, exact: true });
      await action.focus();
      await page.keyboard.press('Enter');
    };
    await menuAction('Pause');
    await row.locator('.badge', { hasText: 'Paused' }).waitFor();
    await menuAction('Resume');
    await row.locator('.badge', { hasText: 'Active' }).waitFor();

    const { connections } = await portal.admin<{ connections: { edges: Array<{ node: { id: string; destination: { id: string } } }> } }>(
      `{ connections(filter: { sourceName: "tenant-a" }, first: 20) { edges { node { id destination { id } } } } }`,
    );
    const destinationId = connections.edges.find((edge) => edge.node.id === spare.upsertConnection.id)!.node.destination.id;
    await portal.admin(`mutation($id: ID!) { disableDestination(id: $id) { id } }`, { id: destinationId });
    await page.reload();
    await row.locator('.badge', { hasText: 'Disabled' }).waitFor();
    await menuAction('Enable deliveries');
    await row.locator('.badge', { hasText: 'Active' }).waitFor();

    await menuAction('Delete…');
    const confirm = page.getByRole('dialog', { name: 'Delete this endpoint?' });
    await confirm.getByText(spareUrl).waitFor();
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });
    expect(await row.count()).toBe(1);
    await menuAction('Delete…');
    await confirm.getByRole('button', { name: 'Delete endpoint' }).click();
    await row.waitFor({ state: 'detached' });
  });

  it('acknowledges an open issue', async () => {
    const { page } = portal;
    // a-down's receiver refuses connections: its failed delivery opens an issue.
    const published = await portal.admin<Published>(PUBLISH, { input: { source: 'tenant-a', eventType: 'invoice.paid', body: { invoice: 'inv_3' } } });
    await portal.waitForStatus(published.publishEvent.events.find((e) => e.connection.name === 'a-down')!.id, 'FAILED');
    await page.goto(`${portal.base}/portal/issues`);
    const issue = page.locator('.issue').first();
    await issue.waitFor();
    await issue.getByRole('button', { name: 'Acknowledge' }).click();
    await issue.locator('.badge', { hasText: 'Acknowledged' }).waitFor();
    expect(await issue.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
  });

  itLeftNoTrace(portal);
});
