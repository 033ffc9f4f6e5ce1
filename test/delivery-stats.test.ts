import { describe, expect, it } from 'vitest';
import { CreateTenantToken, DestinationStats } from './documents.ts';
import { eventually, useTestApp } from './helpers/app.ts';
import { queryDatabase } from './helpers/database.ts';
import { deliveryFlows } from './helpers/flows.ts';
import { failTimes, useReceivers } from './helpers/receiver.ts';

const fixture = useTestApp({ deliveryTimeoutMs: 1_000 });
const receiver = useReceivers();
const { connect, publish, settled } = deliveryFlows(() => fixture.t, 'stats');

const statsOf = async (source: string, since?: string, authorization?: string) => {
  const result = await fixture.t.raw(DestinationStats, { name: source, ...(since ? { since } : {}) }, authorization);
  return { errors: result.errors, stats: result.data?.source?.connections.edges[0]?.node.destination.stats };
};

describe('Destination.stats', () => {
  it('counts attempts by outcome with latency percentiles, last success and failure, and pending events', async () => {
    const hook = await receiver({ respond: failTimes(2) });
    const connection = await connect(hook.url, { retry: { strategy: 'LINEAR', count: 3, intervalMs: 50 } });
    const first = await publish(connection.source.name, { n: 1 });
    await settled(first.events[0].id);
    for (let n = 2; n <= 4; n += 1) await settled((await publish(connection.source.name, { n })).events[0].id);
    const { stats } = await statsOf(connection.source.name);
    // Two failures, then four successes (the first event's third attempt and three more).
    expect(stats).toMatchObject({ successful: 4, failed: 2, pending: 0, successRate: 4 / 6 });
    expect(stats?.latencyP50Ms).toBeGreaterThan(0);
    expect(stats?.latencyP95Ms).toBeGreaterThanOrEqual(stats?.latencyP50Ms ?? 0);
    expect(new Date(stats!.lastSuccessAt!).getTime()).toBeGreaterThan(new Date(stats!.lastFailureAt!).getTime());

    const later = await statsOf(connection.source.name, new Date(Date.now() + 120_000).toISOString());
    expect(later.stats).toMatchObject({ successful: 0, failed: 0, successRate: null, latencyP50Ms: null, lastSuccessAt: null });
  });

  it('counts events not final yet as pending, and refuses a window past 31 days', async () => {
    const connection = await connect('http://127.0.0.1:9/never', { delayMs: 3_600_000 });
    for (let n = 0; n < 3; n += 1) await publish(connection.source.name, { n });
    expect((await statsOf(connection.source.name)).stats?.pending).toBe(3);
    const refused = await statsOf(connection.source.name, new Date(Date.now() - 40 * 86_400_000).toISOString());
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'since' });
  });

  it("shows a tenant its own destination's stats", async () => {
    const hook = await receiver();
    const connection = await connect(hook.url);
    await settled((await publish(connection.source.name, { n: 1 })).events[0].id);
    const token = (await fixture.t.gql(CreateTenantToken, { sourceName: connection.source.name, ttlSeconds: 600 })).createTenantToken;
    await eventually(async () => ((await statsOf(connection.source.name, undefined, `Bearer ${token}`)).stats?.successful === 1 ? true : undefined));
    const [row] = await queryDatabase<{ n: string }>(fixture.databaseUrl, 'SELECT count(*) AS n FROM delivery_stats_minute WHERE destination_id = $1', [connection.destination.id]);
    expect(Number(row.n)).toBeGreaterThanOrEqual(1);
  });
});
