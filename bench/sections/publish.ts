import { benchBody, withHookrelay, type BenchContext } from '../context.ts';
import { createCostMeter, describeCost, perUnit } from '../costs.ts';
import { closedLoop } from '../load.ts';
import { perSecond, summarize } from '../stats.ts';
import { sourceWithConnections } from './sources.ts';

const CONNECTION_ID = 'query($name: String) { source(name: $name) { connections(first: 1) { edges { node { id } } } } }';
const PAUSE = 'mutation($id: ID!) { pauseConnection(id: $id) { id } }';

interface ConnectionIds {
  source: { connections: { edges: { node: { id: string } }[] } } | null;
}

/**
 * Ingestion alone: BENCH_PUBLISH_CLIENTS closed-loop publishers to a source with one paused
 * connection (each publish stores its request and one HOLD event, durably, and nothing is
 * delivered), first all POST /v1/publish, then all GraphQL publishEvent, each for BENCH_SECONDS.
 * Publishes/s is read against the raw POST baseline of the same run.
 */
export function publishing(ctx: BenchContext, rawPostsPerSecond: number | undefined) {
  const { seconds, publishClients } = ctx.options;
  return withHookrelay(ctx, 'publish', async (app, databaseUrl) => {
    const source = 'bench-publish';
    await sourceWithConnections(app, source, 1, ctx.receiver.url);
    const { source: found } = await app.gql<ConnectionIds>(CONNECTION_ID, { name: source });
    await app.gql(PAUSE, { id: found?.connections.edges[0]?.node.id });
    const meter = await createCostMeter(ctx.postgres.adminUrl, databaseUrl, ctx.log);
    const runs: Record<string, unknown> = {};
    try {
      for (const kind of ['rest', 'graphql'] as const) {
        const call = (n: number) => (kind === 'rest' ? app.publishRest(source, benchBody(`publish-${kind}`, n)) : app.publishGraphql(source, benchBody(`publish-${kind}`, n)));
        // Warm-up: connections open and code paths compiled before the clock runs.
        await closedLoop(publishClients, 1_000, call);
        ctx.log(`publish: ${publishClients} ${kind} publishers for ${seconds} s`);
        await meter.topStatements();
        const stopMeter = await meter.start(app.server.pid);
        const load = await closedLoop(publishClients, seconds * 1000, call);
        const costs = await stopMeter();
        for (const t of await meter.topStatements()) ctx.log(`publish (${kind}): ${t.totalMs} ms (${t.planMs} planning), ${t.calls} calls, ${t.meanMs} ms each, ${t.rows} rows: ${t.query}`);
        const publishesPerSecond = perSecond(load.completed, load.elapsedMs);
        const vsRawPost = rawPostsPerSecond ? Math.round((publishesPerSecond / rawPostsPerSecond) * 1000) / 1000 : null;
        const perPublish = perUnit(costs, load.completed);
        runs[kind] = { publishesPerSecond, vsRawPost, failed: load.failed, firstError: load.firstError, callMs: summarize(load.callMs), costs, perPublish };
        const label = kind === 'rest' ? 'REST POST /v1/publish' : 'GraphQL publishEvent';
        const callMs = summarize(load.callMs);
        ctx.figure('publish', `${label}, ${publishClients} publishers, one paused connection`, `${publishesPerSecond}/s (p50 ${callMs.p50} / p99 ${callMs.p99} ms)${load.failed ? `, ${load.failed} failed: ${load.firstError}` : ''}`);
        ctx.figure('publish', `${label} ÷ raw POST/s`, vsRawPost === null ? 'n/a (no baseline)' : `${(vsRawPost * 100).toFixed(1)} %`);
        ctx.figure('publish', `${label}: cost per publish`, describeCost(perPublish, 'publish'));
      }
    } finally {
      await meter.close();
    }
    return { clients: publishClients, connections: 1, ...runs };
  });
}
