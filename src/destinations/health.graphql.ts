import { withTransaction } from '../db/transaction.ts';
import { builder } from '../graphql/builder.ts';
import type { Context } from '../graphql/context.ts';
import { loadManageable } from '../tenancy/authorization.ts';
import { disableDestinations, enableDestination } from './disable.ts';

const loadDestination = (ctx: Context) => (id: string) => ctx.db.destination.findUnique({ where: { id }, select: { id: true, sourceId: true } });

builder.mutationFields((t) => ({
  disableDestination: t.prismaField({
    type: 'Destination',
    description: 'Stops deliveries to the destination: pending and new events wait in HOLD until enableDestination. Nothing is lost.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const destination = await loadManageable(ctx.principal, 'destination', String(args.id), loadDestination(ctx));
      const { disabled, held } = await withTransaction(ctx.pool, (client) => disableDestinations(client, [{ id: destination.id, reason: 'MANUAL' }]));
      await ctx.live.publish(held);
      await ctx.live.publishIssues(disabled.map((d) => ({ sourceId: d.sourceId, subjectId: d.destinationId, change: 'DESTINATION_DISABLED' })));
      return ctx.db.destination.findUniqueOrThrow({ ...query, where: { id: destination.id } });
    },
  }),
  enableDestination: t.prismaField({
    type: 'Destination',
    description: 'Lets deliveries go again; held events are delivered in publish order (those of a paused connection stay held).',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const destination = await loadManageable(ctx.principal, 'destination', String(args.id), loadDestination(ctx));
      const released = await withTransaction(ctx.pool, (client) => enableDestination(client, destination.id));
      ctx.dispatcher.poke();
      await ctx.live.publish(released);
      await ctx.live.publishIssues([{ sourceId: destination.sourceId, subjectId: destination.id, change: 'DESTINATION_ENABLED' }]);
      return ctx.db.destination.findUniqueOrThrow({ ...query, where: { id: destination.id } });
    },
  }),
}));
