import { notFound } from '../errors.ts';
import { builder } from '../graphql/builder.ts';
import type { Context } from '../graphql/context.ts';
import { assertCan, assertOwnsSource, loadManageable, visibleTo } from '../tenancy/authorization.ts';
import { createBulkRetry } from './bulk-retry.ts';
import { parseEventFilter } from './event-filter.ts';
import { EventFilter } from './events.graphql.ts';
import { cancelEvent, retryEvent } from './retry.ts';
import { sendTestEvent } from './test-event.ts';

const BulkRetryStatus = builder.enumType('BulkRetryStatus', { values: ['RUNNING', 'COMPLETED', 'FAILED'] as const });

builder.prismaObject('BulkRetry', {
  description: 'A bulk retry scheduling its events in the background, in publish order.',
  authScopes: (run) => (run.sourceId ? { source: run.sourceId } : { admin: true }),
  fields: (t) => ({
    id: t.exposeID('id'),
    status: t.expose('status', { type: BulkRetryStatus }),
    total: t.exposeInt('total', { description: 'Events the filter covered when the retry was asked for.' }),
    scheduled: t.exposeInt('scheduled', { description: 'Events scheduled so far (an event that changed state meanwhile is skipped).' }),
    error: t.exposeString('error', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
  }),
});

const BulkRetryResult = builder.objectRef<{ id: string; count: number }>('BulkRetryResult').implement({
  fields: (t) => ({
    count: t.exposeInt('count', { description: 'How many events were scheduled for another attempt.' }),
    id: t.exposeID('id', { description: 'Follow it with bulkRetryProgress(id) or the bulkRetryOperation(id) query.' }),
    operation: t.prismaField({
      type: 'BulkRetry',
      resolve: (query, result, _args, ctx) => ctx.db.bulkRetry.findUniqueOrThrow({ ...query, where: { id: result.id } }),
    }),
  }),
});

builder.queryFields((t) => ({
  bulkRetryOperation: t.prismaField({
    type: 'BulkRetry',
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) =>
      visibleTo(ctx.principal, await ctx.db.bulkRetry.findUnique({ ...query, where: { id: String(args.id) } }), (run) => run.sourceId, `bulk retry ${args.id}`),
  }),
}));

builder.mutationFields((t) => ({
  retryEvent: t.prismaField({
    type: 'Event',
    description: 'Schedules one more attempt now (trigger MANUAL) for an event in a final state (SUCCESSFUL, FAILED or CANCELLED).',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const requeued = await retryEvent(ctx, ctx.principal, String(args.id));
      ctx.dispatcher.poke();
      await ctx.live.publish(requeued);
      return ctx.db.event.findUniqueOrThrow({ ...query, where: { id: String(args.id) } });
    },
  }),
  cancelEvent: t.prismaField({
    type: 'Event',
    description: 'Stops the pending attempts of an event (status CANCELLED). An attempt already under way still finishes and is recorded.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const cancelled = await cancelEvent(ctx, ctx.principal, String(args.id));
      // An ordered connection's next event may go now.
      ctx.dispatcher.poke();
      await ctx.live.publish(cancelled);
      return ctx.db.event.findUniqueOrThrow({ ...query, where: { id: String(args.id) } });
    },
  }),
  bulkRetry: t.field({
    type: BulkRetryResult,
    description:
      'Retries every event matching the filter that is in a final state (trigger BULK_RETRY), in publish order, in the background. Returns at once with the count.',
    args: { filter: t.arg({ type: EventFilter, required: true }) },
    resolve: async (_root, args, ctx) => {
      if (ctx.principal.kind === 'tenant') assertCan(ctx.principal, 'RETRY', ctx.principal.sourceId, 'these events');
      const filter = parseEventFilter(args.filter);
      if (filter.sourceId) assertOwnsSource(ctx.principal, filter.sourceId, `source ${filter.sourceId}`);
      const scope = ctx.principal.kind === 'tenant' ? ctx.principal.sourceId : null;
      const result = await createBulkRetry(ctx.db, filter, scope);
      if (result.count > 0) await ctx.scheduler.startBulkRetry(result.id);
      return result;
    },
  }),
}));

builder.mutationField('sendTestEvent', (t) =>
  t.prismaField({
    type: 'Event',
    description: "Delivers the type's example (or a ping body) through this one connection only, as a test event.",
    args: { connectionId: t.arg.id({ required: true }), eventType: t.arg.string() },
    resolve: async (query, _root, args, ctx) => {
      const connectionId = String(args.connectionId);
      await loadManageable(ctx.principal, 'MANAGE_ENDPOINTS', 'connection', connectionId, (id) => ctx.db.connection.findFirst({ where: { id, deletedAt: null }, select: { sourceId: true } }));
      const { eventIds } = await sendTestEvent(ctx, { connectionId, eventType: args.eventType ?? null });
      return ctx.db.event.findUniqueOrThrow({ ...query, where: { id: eventIds[0] } });
    },
  }),
);

builder.subscriptionFields((t) => ({
  bulkRetryProgress: t.prismaField({
    type: 'BulkRetry',
    description: 'The bulk retry as it goes (about twice a second), until it is COMPLETED or FAILED.',
    args: { id: t.arg.id({ required: true }) },
    subscribe: (_root, args, ctx) => pollBulkRetry(ctx, String(args.id)),
    resolve: (query, run: { id: string }, _args, ctx) => ctx.db.bulkRetry.findUniqueOrThrow({ ...query, where: { id: run.id } }),
  }),
}));

const PROGRESS_POLL_MS = 500;

/** The row is the truth wherever the retry runs, so progress is read from it, not announced. */
async function* pollBulkRetry(ctx: Context, id: string): AsyncGenerator<{ id: string }> {
  let last = '';
  for (;;) {
    const run = await ctx.db.bulkRetry.findUnique({ where: { id }, select: { id: true, sourceId: true, status: true, scheduled: true } });
    visibleTo(ctx.principal, run, (found) => found.sourceId, `bulk retry ${id}`);
    if (!run) throw notFound('bulk retry', `No bulk retry ${id}.`);
    const state = `${run.status}:${run.scheduled}`;
    if (state !== last) {
      last = state;
      yield { id };
    }
    if (run.status !== 'RUNNING') return;
    await new Promise((resolve) => setTimeout(resolve, PROGRESS_POLL_MS));
  }
}
