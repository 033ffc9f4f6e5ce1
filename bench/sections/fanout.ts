import { benchBody, withHookrelay, type BenchContext } from '../context.ts';
import { sleep, summarize } from '../stats.ts';
import { sourceWithConnections } from './sources.ts';

/**
 * Fan-out: one publish to a source with BENCH_FANOUT connections, timed from the publish call to
 * the last of its deliveries arriving, over BENCH_FANOUT_ROUNDS publishes one after another.
 */
export function fanout(ctx: BenchContext) {
  const { fanout: width, fanoutRounds } = ctx.options;
  return withHookrelay(ctx, 'fanout', async (app) => {
    const source = 'bench-fanout';
    await sourceWithConnections(app, source, width, ctx.receiver.url);
    const rounds: { firstMs: number; allMs: number | null; arrived: number }[] = [];
    // Round 0 warms up and is not counted.
    for (let round = 0; round <= fanoutRounds; round++) {
      const phase = `fanout-${round}`;
      const body = benchBody(phase, round);
      await app.publishGraphql(source, body);
      const arrived = await ctx.receiver.waitFor(phase, width, 60_000);
      ctx.receiver.forget(phase);
      if (round > 0) {
        rounds.push({
          firstMs: Math.round((arrived.firstArrival ?? Number.NaN) - body.sentAt),
          allMs: arrived.uniqueIds >= width && arrived.lastArrival ? Math.round(arrived.lastArrival - body.sentAt) : null,
          arrived: arrived.uniqueIds,
        });
      }
      await sleep(500);
    }
    const complete = rounds.flatMap((round) => (round.allMs === null ? [] : [round.allMs]));
    const allMs = summarize(complete);
    ctx.figure('fanout', `one publish → all ${width} deliveries arrived`, complete.length ? `p50 ${allMs.p50} ms, max ${allMs.max} ms over ${complete.length} publishes` : 'never complete within 60 s');
    if (complete.length < rounds.length) ctx.figure('fanout', 'publishes whose deliveries did not all arrive in 60 s', String(rounds.length - complete.length));
    return { connections: width, rounds, allArrivedMs: allMs, firstArrivedMs: summarize(rounds.map((round) => round.firstMs)) };
  });
}
