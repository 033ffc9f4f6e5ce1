import { withTransaction } from '../db/transaction.ts';
import { AppError, badInput, notFound } from '../errors.ts';
import { EventFilter } from '../events/events.graphql.ts';
import { eventFilterSchema, sourceNamed } from '../events/event-filter.ts';
import { builder } from '../graphql/builder.ts';
import type { Context } from '../graphql/context.ts';
import type { IssueChangeKind, IssueUpdateRef } from '../live/live-bus.ts';
import { assertCanManage, assertOwnsSource, sourceScope } from '../tenancy/authorization.ts';
import { createBulkRetry } from './bulk-retry.ts';
import { disableDestinations, enableDestination } from './destination-state.ts';
import { cancelEvents, requeueEvents } from './retry.ts';

const IssueStatus = builder.enumType('IssueStatus', {
  values: {
    OPEN: { description: 'Deliveries through the connection are failing.' },
    ACKNOWLEDGED: { description: 'Someone is on it; failures still add to it.' },
    RESOLVED: { description: 'A delivery succeeded again, or it was resolved by hand.' },
  } as const,
});

builder.prismaObject('Issue', {
  description: 'Failures of one connection, grouped until deliveries succeed again.',
  authScopes: (issue) => ({ source: issue.sourceId }),
  fields: (t) => ({
    id: t.exposeID('id'),
    connection: t.relation('connection'),
    source: t.relation('source'),
    status: t.expose('status', { type: IssueStatus }),
    firstFailureAt: t.expose('firstFailureAt', { type: 'DateTime' }),
    lastFailureAt: t.expose('lastFailureAt', { type: 'DateTime' }),
    failureCount: t.exposeInt('failureCount', { description: 'Failed attempts grouped into this issue.' }),
    lastResponseStatus: t.exposeInt('lastResponseStatus', { nullable: true }),
    lastErrorCode: t.exposeString('lastErrorCode', { nullable: true, description: 'Set when the last failure got no response (TIMEOUT, CONNECTION_REFUSED...).' }),
    acknowledgedAt: t.expose('acknowledgedAt', { type: 'DateTime', nullable: true }),
    resolvedAt: t.expose('resolvedAt', { type: 'DateTime', nullable: true }),
  }),
});

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

const IssueChange = builder.enumType('IssueChange', {
  values: ['OPENED', 'UPDATED', 'ACKNOWLEDGED', 'RESOLVED', 'DESTINATION_DISABLED', 'DESTINATION_ENABLED'] as const satisfies readonly IssueChangeKind[],
});

const IssueUpdate = builder.objectRef<IssueUpdateRef>('IssueUpdate').implement({
  description: 'A change of delivery health: an issue opened, grew or was resolved, or a destination was disabled or enabled.',
  fields: (t) => ({
    change: t.expose('change', { type: IssueChange }),
    issue: t.prismaField({
      type: 'Issue',
      nullable: true,
      resolve: (query, update, _args, ctx) =>
        update.change.startsWith('DESTINATION_') ? null : ctx.db.issue.findUnique({ ...query, where: { id: update.subjectId } }),
    }),
    destination: t.prismaField({
      type: 'Destination',
      nullable: true,
      resolve: (query, update, _args, ctx) =>
        update.change.startsWith('DESTINATION_') ? ctx.db.destination.findUnique({ ...query, where: { id: update.subjectId } }) : null,
    }),
  }),
});

/** Loads what a mutation acts on and checks the caller may change it. */
async function manageable<T extends { sourceId: string }>(ctx: Context, what: string, id: string, load: (id: string) => Promise<T | null>): Promise<T> {
  const row = await load(id);
  if (!row) throw notFound(what, `No ${what} ${id}.`);
  assertCanManage(ctx.principal, row.sourceId, `${what} ${id}`);
  return row;
}

const loadEvent = (ctx: Context) => (id: string) =>
  ctx.db.event.findUnique({ where: { id }, select: { id: true, sourceId: true, status: true, errorCode: true, connection: { select: { deletedAt: true } } } });
const loadDestination = (ctx: Context) => (id: string) => ctx.db.destination.findUnique({ where: { id }, select: { id: true, sourceId: true } });

builder.queryFields((t) => ({
  issues: t.prismaField({
    type: ['Issue'],
    description: 'Newest first; `after` is the id of the last issue of the previous page.',
    args: {
      status: t.arg({ type: [IssueStatus], required: false }),
      sourceName: t.arg.string({ required: false }),
      first: t.arg.int({ required: false }),
      after: t.arg.string({ required: false }),
    },
    resolve: async (query, _root, args, ctx) => {
      const first = args.first ?? 20;
      if (first < 1 || first > 100) throw badInput('first', 'issues: first must be between 1 and 100');
      return ctx.db.issue.findMany({
        ...query,
        where: {
          AND: [
            sourceScope(ctx.principal),
            args.sourceName ? await sourceNamed(ctx.db, args.sourceName) : {},
            args.status?.length ? { status: { in: args.status } } : {},
            args.after ? { id: { lt: args.after } } : {},
          ],
        },
        orderBy: { id: 'desc' },
        take: first,
      });
    },
  }),
  bulkRetryOperation: t.prismaField({
    type: 'BulkRetry',
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) => ctx.db.bulkRetry.findUnique({ ...query, where: { id: String(args.id) } }),
  }),
}));

builder.mutationFields((t) => ({
  retryEvent: t.prismaField({
    type: 'Event',
    description: 'Schedules one more attempt now (trigger MANUAL) for an event in a final state (SUCCESSFUL, FAILED or CANCELLED).',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const event = await manageable(ctx, 'event', String(args.id), loadEvent(ctx));
      if (event.errorCode) {
        throw badInput('id', `Event ${event.id} failed in its transformation (${event.errorCode}): nothing was made to deliver. Fix the transformation and publish again.`);
      }
      if (event.connection.deletedAt) throw badInput('id', `Event ${event.id} belongs to a deleted connection; it cannot be delivered again.`);
      const requeued = await requeueEvents(ctx.pool, [event.id], 'MANUAL');
      if (requeued.length === 0) {
        throw badInput('id', `Event ${event.id} is ${event.status}, not final: it is still going to be attempted. cancelEvent stops it.`);
      }
      ctx.dispatcher.poke();
      await ctx.live.publish(requeued);
      return ctx.db.event.findUniqueOrThrow({ ...query, where: { id: event.id } });
    },
  }),
  cancelEvent: t.prismaField({
    type: 'Event',
    description: 'Stops the pending attempts of an event (status CANCELLED). An attempt already under way still finishes and is recorded.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const event = await manageable(ctx, 'event', String(args.id), loadEvent(ctx));
      const cancelled = await cancelEvents(ctx.pool, [event.id]);
      if (cancelled.length === 0) throw badInput('id', `Event ${event.id} is already ${event.status}; only pending events can be cancelled (retryEvent starts a final one again).`);
      // An ordered connection's next event may go now.
      ctx.dispatcher.poke();
      await ctx.live.publish(cancelled);
      return ctx.db.event.findUniqueOrThrow({ ...query, where: { id: event.id } });
    },
  }),
  bulkRetry: t.field({
    type: BulkRetryResult,
    description:
      'Retries every event matching the filter that is in a final state (trigger BULK_RETRY), in publish order, in the background. Returns at once with the count.',
    args: { filter: t.arg({ type: EventFilter, required: true }) },
    resolve: async (_root, args, ctx) => {
      if (ctx.principal.kind === 'tenant') assertCanManage(ctx.principal, ctx.principal.sourceId, 'these events');
      const filter = eventFilterSchema.parse(args.filter);
      if (filter.sourceId) assertOwnsSource(ctx.principal, filter.sourceId, `source ${filter.sourceId}`);
      const scope = ctx.principal.kind === 'tenant' ? ctx.principal.sourceId : null;
      const result = await createBulkRetry(ctx.db, filter, scope);
      if (result.count > 0) await ctx.scheduler.startBulkRetry(result.id);
      return result;
    },
  }),
  disableDestination: t.prismaField({
    type: 'Destination',
    description: 'Stops deliveries to the destination: pending and new events wait in HOLD until enableDestination. Nothing is lost.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const destination = await manageable(ctx, 'destination', String(args.id), loadDestination(ctx));
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
      const destination = await manageable(ctx, 'destination', String(args.id), loadDestination(ctx));
      const released = await withTransaction(ctx.pool, (client) => enableDestination(client, destination.id));
      ctx.dispatcher.poke();
      await ctx.live.publish(released);
      await ctx.live.publishIssues([{ sourceId: destination.sourceId, subjectId: destination.id, change: 'DESTINATION_ENABLED' }]);
      return ctx.db.destination.findUniqueOrThrow({ ...query, where: { id: destination.id } });
    },
  }),
  acknowledgeIssue: t.prismaField({
    type: 'Issue',
    description: 'Marks an open issue as being looked at. It still resolves itself when deliveries succeed.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) => setIssueStatus(ctx, query, String(args.id), 'ACKNOWLEDGED'),
  }),
  resolveIssue: t.prismaField({
    type: 'Issue',
    description: 'Closes an issue by hand; a later failure opens a new one.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) => setIssueStatus(ctx, query, String(args.id), 'RESOLVED'),
  }),
}));

async function setIssueStatus(ctx: Context, query: { include?: object; select?: object }, id: string, status: 'ACKNOWLEDGED' | 'RESOLVED') {
  const issue = await manageable(ctx, 'issue', id, (issueId) => ctx.db.issue.findUnique({ where: { id: issueId }, select: { id: true, sourceId: true, status: true } }));
  if (issue.status === 'RESOLVED') throw badInput('id', `Issue ${id} is already resolved; a new failure opens a new issue.`);
  const now = new Date();
  const updated = await ctx.db.issue.update({
    ...query,
    where: { id },
    data: status === 'RESOLVED' ? { status, resolvedAt: now } : { status, acknowledgedAt: now },
  });
  await ctx.live.publishIssues([{ sourceId: issue.sourceId, subjectId: id, change: status }]);
  return updated;
}

builder.subscriptionFields((t) => ({
  issueUpdates: t.field({
    type: IssueUpdate,
    description: "Issues opening, growing and resolving, and destinations disabled or enabled, live: one source's (sourceName) or, for the admin, all.",
    args: { sourceName: t.arg.string({ required: false }) },
    subscribe: async (_root, args, ctx) => {
      if (!args.sourceName) {
        if (ctx.principal.kind !== 'admin') return ctx.live.subscribeIssues(ctx.principal.sourceId);
        return ctx.live.subscribeIssues(null);
      }
      const source = await ctx.db.source.findUnique({ where: { name: args.sourceName }, select: { id: true } });
      if (!source && ctx.principal.kind === 'admin') throw badInput('sourceName', `issueUpdates: no source named "${args.sourceName}"`);
      assertOwnsSource(ctx.principal, source?.id, `source ${args.sourceName}`);
      return ctx.live.subscribeIssues(source.id);
    },
    resolve: (update) => update,
  }),
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
    if (!run) throw notFound('bulk retry', `No bulk retry ${id}.`);
    if (run.sourceId) assertOwnsSource(ctx.principal, run.sourceId, `bulk retry ${id}`);
    else if (ctx.principal.kind !== 'admin') throw new AppError('FORBIDDEN', `This token may not access bulk retry ${id}.`);
    const state = `${run.status}:${run.scheduled}`;
    if (state !== last) {
      last = state;
      yield { id };
    }
    if (run.status !== 'RUNNING') return;
    await new Promise((resolve) => setTimeout(resolve, PROGRESS_POLL_MS));
  }
}
