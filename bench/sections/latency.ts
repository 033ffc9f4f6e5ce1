import { withHookrelay, type BenchContext } from '../context.ts';
import { closedLoop, fixedRate, type LoadResult } from '../load.ts';
import { perSecond, summarize } from '../stats.ts';
import { publish, sourceWithConnections } from './sources.ts';

/**
 * Publish-to-receiver latency on a source with one connection: the body carries the publisher's
 * clock at the call, the receiver process subtracts it on arrival. Once at a fixed rate
 * (BENCH_LATENCY_RATE publishes/s), once at saturation (every publisher as fast as it can).
 */
export function latency(ctx: BenchContext) {
  const { seconds, publishers, latencyRate } = ctx.options;
  return withHookrelay(ctx, 'latency', async (app) => {
    const source = 'bench-latency';
    await sourceWithConnections(app, source, 1, ctx.receiver.url);
    await Promise.all(Array.from({ length: 20 }, (_, n) => publish(app, source, 'latency-warmup', n, n)));
    await ctx.receiver.waitFor('latency-warmup', 20, 30_000);

    ctx.log(`latency: ${latencyRate} publishes/s for ${seconds} s`);
    const fixed = await fixedRate(latencyRate, seconds * 1000, 1_000, (n) => publish(app, source, 'latency-fixed', n, n));
    const atRate = { offeredPerSecond: latencyRate, skippedAsTooManyInFlight: fixed.skipped, ...(await measured(ctx, 'latency-fixed', fixed)) };

    ctx.log(`latency: saturation, ${publishers} publishers for ${seconds} s`);
    const saturated = await closedLoop(publishers, seconds * 1000, (n, worker) => publish(app, source, 'latency-saturation', n, worker));
    const atSaturation = await measured(ctx, 'latency-saturation', saturated);

    const offered = `at ${latencyRate} publishes/s offered (${atRate.publishesPerSecond}/s accepted${atRate.skippedAsTooManyInFlight ? `, ${atRate.skippedAsTooManyInFlight} not sent: 1,000 in flight` : ''})`;
    for (const [label, run] of [[offered, atRate], [`at saturation (${atSaturation.publishesPerSecond} publishes/s)`, atSaturation]] as const) {
      const ms = run.publishToReceiverMs;
      ctx.figure('latency', `publish → receiver ${label}`, ms ? `p50 ${ms.p50} / p95 ${ms.p95} / p99 ${ms.p99} ms${run.missingAfterDrain ? `, ${run.missingAfterDrain} not arrived` : ''}` : 'nothing arrived');
    }
    ctx.figure('latency', `publish call (HTTP round trip) at ${latencyRate}/s`, `p50 ${atRate.publishCallMs.p50} / p99 ${atRate.publishCallMs.p99} ms`);
    return { atRate, atSaturation };
  });
}

/** Waits up to BENCH_DRAIN_SECONDS for a run's deliveries, then reads their latencies. */
async function measured(ctx: BenchContext, phase: string, load: LoadResult) {
  const arrived = await ctx.receiver.waitFor(phase, load.completed, ctx.options.drainSeconds * 1000);
  ctx.receiver.forget(phase);
  return {
    seconds: load.elapsedMs / 1000,
    publishesPerSecond: perSecond(load.completed, load.elapsedMs),
    publishFailures: load.failed,
    firstPublishError: load.firstError,
    publishCallMs: summarize(load.callMs),
    delivered: arrived.count,
    duplicates: arrived.duplicates,
    missingAfterDrain: load.completed - arrived.uniqueIds,
    publishToReceiverMs: arrived.latencyMs,
  };
}
