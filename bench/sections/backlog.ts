import { withHookrelay, type BenchContext } from '../context.ts';
import { createCostMeter, describeCost, hotShares, perUnit } from '../costs.ts';
import { clock, perSecond } from '../stats.ts';
import { publish, sourceWithConnections } from './sources.ts';

const CONNECTION_IDS = 'query($name: String) { source(name: $name) { connections(first: 100) { edges { node { id } } } } }';
const PAUSE = 'mutation($id: ID!) { pauseConnection(id: $id) { id } }';
const UNPAUSE = 'mutation($id: ID!) { unpauseConnection(id: $id) { id } }';

interface ConnectionIds {
  source: { connections: { edges: { node: { id: string } }[] } } | null;
}

/**
 * Delivery alone, without publishing competing for the machine: BENCH_BACKLOG_EVENTS events are
 * published to paused connections (held, as during an outage or a pause), then all connections are
 * unpaused at once and timed until the receiver has every event. Deliveries/s is the dispatcher's
 * own rate, read against the raw POST baseline of the same run.
 */
export function backlog(ctx: BenchContext, rawPostsPerSecond: number | undefined) {
  const { backlogEvents, connections, publishers, drainSeconds } = ctx.options;
  return withHookrelay(ctx, 'backlog', async (app, databaseUrl) => {
    const source = 'bench-backlog';
    await sourceWithConnections(app, source, connections, ctx.receiver.url);
    const { source: found } = await app.gql<ConnectionIds>(CONNECTION_IDS, { name: source });
    const ids = found?.connections.edges.map((edge) => edge.node.id) ?? [];
    for (const id of ids) await app.gql(PAUSE, { id });

    const phase = 'backlog';
    const requests = Math.ceil(backlogEvents / ids.length);
    const expected = requests * ids.length;
    ctx.log(`backlog: publishing ${expected} events to ${ids.length} paused connections`);
    const publishStarted = clock();
    let next = 0;
    await Promise.all(
      Array.from({ length: publishers }, async (_, worker) => {
        for (let n = next++; n < requests; n = next++) await publish(app, source, phase, n, worker);
      }),
    );
    const publishMs = clock() - publishStarted;
    const early = (await ctx.receiver.stats(phase)).count;

    const meter = await createCostMeter(ctx.postgres.adminUrl, databaseUrl, ctx.log);
    await meter.topStatements();
    const stopMeter = await meter.start(app.server.pid);
    const released = clock();
    await Promise.all(ids.map((id) => app.gql(UNPAUSE, { id })));
    const arrived = await ctx.receiver.waitFor(phase, expected, drainSeconds * 1000);
    ctx.receiver.forget(phase);
    // The cost of a delivery includes recording its outcome, which follows the receiver's answer.
    await meter.until(`SELECT count(*) AS n FROM event WHERE status IN ('QUEUED', 'SCHEDULED', 'HOLD')`, 30_000);
    const costs = await stopMeter();
    for (const t of await meter.topStatements()) ctx.log(`backlog: ${t.totalMs} ms (${t.planMs} planning), ${t.calls} calls, ${t.meanMs} ms each, ${t.rows} rows: ${t.query}`);
    await meter.close();
    const perDelivery = perUnit(costs, arrived.uniqueIds);
    const complete = arrived.uniqueIds >= expected;
    const drainMs = (arrived.lastArrival ?? clock()) - released;
    const deliveriesPerSecond = perSecond(arrived.uniqueIds, drainMs);
    const result = {
      events: expected,
      connections: ids.length,
      publishSeconds: Math.round(publishMs) / 1000,
      deliveredWhilePaused: early,
      drainSeconds: Math.round(drainMs) / 1000,
      complete,
      firstArrivalAfterUnpauseMs: arrived.firstArrival === null ? null : Math.round(arrived.firstArrival - released),
      deliveriesPerSecond,
      deliveriesVsRawPost: rawPostsPerSecond ? Math.round((deliveriesPerSecond / rawPostsPerSecond) * 1000) / 1000 : null,
      duplicates: arrived.duplicates,
      missing: expected - arrived.uniqueIds,
      costs,
      perDelivery,
    };
    ctx.figure('backlog', `${expected.toLocaleString('en')} held events over ${ids.length} connections, unpaused at once`, `all arrived in ${result.drainSeconds} s${complete ? '' : ` (${result.missing} missing after ${drainSeconds} s)`}, first after ${result.firstArrivalAfterUnpauseMs} ms`);
    ctx.figure('backlog', 'deliveries/s (delivery alone)', `${deliveriesPerSecond}/s`);
    ctx.figure('backlog', 'deliveries/s ÷ raw POST/s', result.deliveriesVsRawPost === null ? 'n/a (no baseline)' : `${(result.deliveriesVsRawPost * 100).toFixed(1)} %`);
    ctx.figure('backlog', 'duplicates, delivered while paused', `${result.duplicates}, ${early}`);
    ctx.figure('backlog', 'cost per delivery', describeCost(perDelivery, 'delivery'));
    ctx.figure('backlog', 'rows written', hotShares(costs));
    return result;
  });
}
