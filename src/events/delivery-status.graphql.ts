import { badInput } from '../errors.ts';
import { assertOwnsSource } from '../tenancy/authorization.ts';
import { builder } from '../graphql/builder.ts';
import type { DeliveryUpdateRef } from '../live/live-bus.ts';

const DeliveryUpdate = builder.objectRef<DeliveryUpdateRef>('DeliveryUpdate').implement({
  fields: (t) => ({
    event: t.prismaField({
      type: 'Event',
      resolve: (query, update, _args, ctx) => ctx.db.event.findUniqueOrThrow({ ...query, where: { id: update.eventId } }),
    }),
    attempt: t.prismaField({
      type: 'Attempt',
      nullable: true,
      description: 'The attempt that caused this update; null when the status changed without one.',
      resolve: (query, update, _args, ctx) =>
        update.attemptId ? ctx.db.attempt.findUnique({ ...query, where: { id: update.attemptId } }) : null,
    }),
  }),
});

builder.subscriptionField('deliveryStatus', (t) =>
  t.field({
    type: DeliveryUpdate,
    description: "Every status change and attempt of the source's events, live.",
    args: { sourceId: t.arg.id({ required: false }), sourceName: t.arg.string({ required: false }) },
    subscribe: async (_root, args, ctx) => {
      if (Boolean(args.sourceId) === Boolean(args.sourceName)) {
        throw badInput('sourceId', 'deliveryStatus: pass exactly one of sourceId or sourceName');
      }
      const source = await ctx.db.source.findUnique({
        where: args.sourceId ? { id: String(args.sourceId) } : { name: args.sourceName ?? '' },
        select: { id: true },
      });
      // A tenant learns nothing about other sources, not even whether they exist.
      if (!source && ctx.principal.kind === 'admin') {
        throw badInput(args.sourceId ? 'sourceId' : 'sourceName', `deliveryStatus: no source ${args.sourceId ?? `named "${args.sourceName}"`}`);
      }
      const sourceId = source?.id;
      assertOwnsSource(ctx.principal, sourceId, `source ${args.sourceId ?? args.sourceName}`);
      return ctx.live.subscribe(sourceId);
    },
    resolve: (update) => update,
  }),
);
