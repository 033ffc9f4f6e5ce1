import { withTransaction } from '../db/transaction.ts';
import { badInput } from '../errors.ts';
import { builder } from '../graphql/builder.ts';
import type { Context } from '../graphql/context.ts';
import { loadManageable } from '../tenancy/authorization.ts';
import { continueReleasing } from '../events/release.ts';
import { disableDestinations, enableDestination } from './disable.ts';
import { readDeliveryStats, type DeliveryStats } from './stats.sql.ts';

const loadDestination = (ctx: Context) => (id: string) => ctx.db.destination.findUnique({ where: { id }, select: { id: true, sourceId: true } });

builder.mutationFields((t) => ({
  disableDestination: t.prismaField({
    type: 'Destination',
    description: 'Stops deliveries to the destination: pending and new events wait in HOLD until enableDestination. Nothing is lost.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const destination = await loadManageable(ctx.principal, 'MANAGE_ENDPOINTS', 'destination', String(args.id), loadDestination(ctx));
      const { disabled, held } = await withTransaction(ctx.pool, (client) => disableDestinations(client, [{ id: destination.id, reason: 'MANUAL' }]));
      await ctx.live.publish(held);
      await ctx.live.publishIssues(disabled.map((d) => ({ sourceId: d.sourceId, subjectId: d.destinationId, change: 'DESTINATION_DISABLED' })));
      return ctx.db.destination.findUniqueOrThrow({ ...query, where: { id: destination.id } });
    },
  }),
  enableDestination: t.prismaField({
    type: 'Destination',
    description: 'Lets deliveries go again; held events are delivered in publish order (those of a paused connection stay held). Answers once the first 1,000 are due; the rest are released right after, in the background.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const destination = await loadManageable(ctx.principal, 'MANAGE_ENDPOINTS', 'destination', String(args.id), loadDestination(ctx));
      const released = await withTransaction(ctx.pool, (client) => enableDestination(client, destination.id));
      ctx.dispatcher.poke();
      await ctx.live.publish(released.changed);
      if (released.more) continueReleasing(ctx, { destinationId: destination.id });
      await ctx.live.publishIssues([{ sourceId: destination.sourceId, subjectId: destination.id, change: 'DESTINATION_ENABLED' }]);
      return ctx.db.destination.findUniqueOrThrow({ ...query, where: { id: destination.id } });
    },
  }),
}));

const DeliveryStatsRef = builder.objectRef<DeliveryStats>('DeliveryStats').implement({
  description: 'Deliveries of one destination over a time window.',
  fields: (t) => ({
    since: t.expose('since', { type: 'DateTime' }),
    successful: t.exposeInt('successful', { description: 'Attempts that got a 2xx.' }),
    failed: t.exposeInt('failed', { description: 'Attempts that did not (each retry counts).' }),
    pending: t.exposeInt('pending', { description: 'Events not final now (waiting, scheduled for a retry, or held), counted up to 100000.' }),
    successRate: t.exposeFloat('successRate', { nullable: true, description: 'successful / (successful + failed); null when none finished in the window.' }),
    latencyP50Ms: t.exposeFloat('latencyP50Ms', { nullable: true, description: 'Attempt durations in the window, in milliseconds (estimated from a per-minute histogram).' }),
    latencyP95Ms: t.exposeFloat('latencyP95Ms', { nullable: true }),
    lastSuccessAt: t.expose('lastSuccessAt', { type: 'DateTime', nullable: true }),
    lastFailureAt: t.expose('lastFailureAt', { type: 'DateTime', nullable: true }),
  }),
});

const DAY_MS = 24 * 60 * 60 * 1000;

builder.prismaObjectField('Destination', 'stats', (t) =>
  t.field({
    type: DeliveryStatsRef,
    description: 'Default window: the last 24 hours.',
    args: { since: t.arg({ type: 'DateTime', description: 'Start of the window (at most 31 days ago); default 24 hours ago.' }) },
    resolve: (destination, args, ctx) => {
      const since = args.since ?? new Date(Date.now() - DAY_MS);
      if (since.getTime() < Date.now() - 31 * DAY_MS) throw badInput('since', 'since: use a time within the last 31 days');
      return readDeliveryStats(ctx.pool, destination.id, since);
    },
  }),
);
