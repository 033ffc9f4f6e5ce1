import { withHookrelay, type BenchContext } from '../context.ts';
import { createCostMeter, describeCost, hotShares, perUnit } from '../costs.ts';
import { closedLoop } from '../load.ts';
import { clock, perSecond, summarize } from '../stats.ts';
import { kindOf, publish, sourceWithConnections } from './sources.ts';

/**
 * Sustained throughput: several publishers as fast as answers come, to a source with
 * BENCH_CONNECTIONS connections, for BENCH_SECONDS. Delivered/s is what the receiver process
 * counted inside that window; the backlog is then given BENCH_DRAIN_SECONDS to arrive.
 */
export function throughput(ctx: BenchContext, rawPostsPerSecond: number | undefined) {
  const { seconds, publishers, connections, drainSeconds } = ctx.options;
  return withHookrelay(ctx, 'throughput', async (app, databaseUrl) => {
    const source = 'bench-throughput';
    await sourceWithConnections(app, source, connections, ctx.receiver.url);
    // Warm-up: connections open, code paths compiled, before the clock runs.
    await Promise.all(Array.from({ length: 20 }, (_, n) => publish(app, source, 'throughput-warmup', n, n)));
    await ctx.receiver.waitFor('throughput-warmup', 20 * connections, 30_000);

    const phase = 'throughput';
    const byKind = { graphql: 0, rest: 0 };
    ctx.log(`throughput: ${publishers} publishers for ${seconds} s`);
    const meter = await createCostMeter(ctx.postgres.adminUrl, databaseUrl, ctx.log);
    await meter.topStatements();
    const stopMeter = await meter.start(app.server.pid);
    const windowStart = clock();
    const load = await closedLoop(publishers, seconds * 1000, async (n, worker) => {
      await publish(app, source, phase, n, worker);
      byKind[kindOf(worker)]++;
    });
    const windowEnd = clock();
    const inWindow = await ctx.receiver.stats(phase, { from: windowStart, to: windowEnd });
    const expected = load.completed * connections;
    ctx.log(`throughput: window over, ${expected - inWindow.count} of ${expected} deliveries outstanding; draining up to ${drainSeconds} s`);
    const drained = await ctx.receiver.waitFor(phase, expected, drainSeconds * 1000);
    ctx.receiver.forget(phase);
    await meter.until(`SELECT count(*) AS n FROM event WHERE status IN ('QUEUED', 'SCHEDULED')`, 30_000);
    const costs = await stopMeter();
    for (const t of await meter.topStatements()) ctx.log(`throughput: ${t.totalMs} ms (${t.planMs} planning), ${t.calls} calls, ${t.meanMs} ms each, ${t.rows} rows: ${t.query}`);
    await meter.close();
    const perEvent = perUnit(costs, drained.uniqueIds);
    const windowMs = windowEnd - windowStart;
    const deliveredPerSecond = perSecond(inWindow.inWindow, windowMs);
    const result = {
      seconds: windowMs / 1000,
      publishers,
      connections,
      publishesPerSecond: perSecond(load.completed, windowMs),
      publishesPerSecondByKind: { graphql: perSecond(byKind.graphql, windowMs), rest: perSecond(byKind.rest, windowMs) },
      eventsCreatedPerSecond: perSecond(expected, windowMs),
      publishFailures: load.failed,
      firstPublishError: load.firstError,
      publishCallMs: summarize(load.callMs),
      deliveredPerSecond,
      deliveredVsRawPost: rawPostsPerSecond ? Math.round((deliveredPerSecond / rawPostsPerSecond) * 1000) / 1000 : null,
      backlogAtWindowEnd: expected - inWindow.count,
      drain: {
        expected,
        arrived: drained.count,
        uniqueIds: drained.uniqueIds,
        duplicates: drained.duplicates,
        missingAfterDrain: expected - drained.uniqueIds,
        allArrivedAfterWindowMs: drained.count >= expected && drained.lastArrival ? Math.round(drained.lastArrival - windowEnd) : null,
      },
      publishToReceiverMs: drained.latencyMs,
      costs,
      perEvent,
    };
    ctx.figure('throughput', `publishes/s (${publishers} publishers: GraphQL + REST)`, `${result.publishesPerSecond}/s (GraphQL ${result.publishesPerSecondByKind.graphql}, REST ${result.publishesPerSecondByKind.rest}); p50 call ${result.publishCallMs.p50} ms`);
    ctx.figure('throughput', `events created/s (× ${connections} connections)`, `${result.eventsCreatedPerSecond}/s`);
    ctx.figure('throughput', 'delivered/s in the window (receiver count)', `${deliveredPerSecond}/s`);
    ctx.figure('throughput', 'delivered/s ÷ raw POST/s', result.deliveredVsRawPost === null ? 'n/a (no baseline)' : `${(result.deliveredVsRawPost * 100).toFixed(1)} %`);
    ctx.figure('throughput', 'backlog at window end → after drain', `${result.backlogAtWindowEnd} → ${result.drain.missingAfterDrain} missing, ${result.drain.duplicates} duplicates`);
    ctx.figure('throughput', 'cost per event (publish and delivery)', describeCost(perEvent, 'event'));
    ctx.figure('throughput', 'rows written', hotShares(costs));
    return result;
  });
}
