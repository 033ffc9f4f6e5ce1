import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchContext } from '../context.ts';
import { createCostMeter, describeCost, hotShares, perUnit } from '../costs.ts';
import type { GraphileMessage, GraphileRequest } from '../graphile-worker.ts';
import { clock, perSecond } from '../stats.ts';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'graphile-worker.ts');

/**
 * What a user would pick instead (bench/graphile-worker.ts): the same held backlog as the backlog
 * section (BENCH_BACKLOG_EVENTS webhooks over BENCH_CONNECTIONS endpoints), queued as
 * graphile-worker jobs, then the worker started and timed until the receiver has every one.
 * Hookrelay's delivery alone (the backlog section of the same run) is read against it.
 */
export async function graphileBaseline(ctx: BenchContext, rawPostsPerSecond: number | undefined, hookrelayPerSecond: number | undefined) {
  const { backlogEvents, connections, publishers, concurrency, drainSeconds } = ctx.options;
  const databaseUrl = await ctx.postgres.createDatabase('bench_graphile');
  const child = fork(CHILD, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ask = <T extends GraphileMessage['type']>(request: GraphileRequest, answer: T) =>
    new Promise<Extract<GraphileMessage, { type: T }>>((resolve, reject) => {
      const onMessage = (message: GraphileMessage) => {
        if (message.type === 'failed') reject(new Error(`graphile-worker baseline: ${message.error}`));
        else if (message.type === answer) resolve(message as Extract<GraphileMessage, { type: T }>);
        else return;
        child.off('message', onMessage);
      };
      child.on('message', onMessage);
      child.send(request);
    });
  const meter = await createCostMeter(ctx.postgres.adminUrl, databaseUrl, ctx.log);
  try {
    await ask({ type: 'setup', databaseUrl, receiverUrl: ctx.receiver.url, endpoints: connections, concurrency }, 'ready');
    const phase = 'graphile';
    const publishes = Math.ceil(backlogEvents / connections);
    const expected = publishes * connections;
    ctx.log(`graphile: queueing ${expected} jobs (${publishes} events × ${connections} endpoints)`);
    const { ms: enqueueMs } = await ask({ type: 'enqueue', publishes, publishers, phase }, 'enqueued');
    const stopMeter = await meter.start(child.pid as number);
    const started = clock();
    await ask({ type: 'start' }, 'started');
    const arrived = await ctx.receiver.waitFor(phase, expected, drainSeconds * 1000);
    ctx.receiver.forget(phase);
    await meter.until('SELECT count(*) AS n FROM graphile_worker._private_jobs', 30_000);
    const costs = await stopMeter();
    const drainMs = (arrived.lastArrival ?? clock()) - started;
    const deliveriesPerSecond = perSecond(arrived.uniqueIds, drainMs);
    const perDelivery = perUnit(costs, arrived.uniqueIds);
    const ratio = hookrelayPerSecond ? Math.round((hookrelayPerSecond / deliveriesPerSecond) * 100) / 100 : null;
    const result = {
      jobs: expected,
      concurrency,
      enqueuePerSecond: perSecond(expected, enqueueMs),
      drainSeconds: Math.round(drainMs) / 1000,
      missing: expected - arrived.uniqueIds,
      duplicates: arrived.duplicates,
      deliveriesPerSecond,
      deliveriesVsRawPost: rawPostsPerSecond ? Math.round((deliveriesPerSecond / rawPostsPerSecond) * 1000) / 1000 : null,
      hookrelayVsGraphile: ratio,
      costs,
      perDelivery,
    };
    ctx.figure('graphile', `graphile-worker 0.17 job per webhook: ${expected.toLocaleString('en')} queued jobs drained`, `${deliveriesPerSecond}/s in ${result.drainSeconds} s (${result.missing} missing, ${result.duplicates} duplicates); enqueued at ${result.enqueuePerSecond} jobs/s`);
    ctx.figure('graphile', 'graphile-worker deliveries/s ÷ raw POST/s', result.deliveriesVsRawPost === null ? 'n/a' : `${(result.deliveriesVsRawPost * 100).toFixed(1)} %`);
    ctx.figure('graphile', 'graphile-worker cost per delivery', describeCost(perDelivery, 'delivery', 'worker'));
    ctx.figure('graphile', 'rows written', hotShares(costs));
    ctx.figure('graphile', '**Hookrelay delivery alone ÷ graphile-worker**', ratio === null ? 'n/a (no backlog section)' : `${ratio}× (${hookrelayPerSecond}/s vs ${deliveriesPerSecond}/s)`);
    return result;
  } finally {
    await ask({ type: 'stop' }, 'stopped').catch(() => undefined);
    child.disconnect();
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    child.kill('SIGKILL');
    await meter.close();
    await ctx.postgres.dropDatabase(databaseUrl);
  }
}
