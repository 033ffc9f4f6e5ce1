import { badInput } from '../errors.ts';
import { sourceIdNamed, sourceNamed } from '../events/event-filter.ts';
import { builder } from '../graphql/builder.ts';
import type { Context } from '../graphql/context.ts';
import type { IssueChangeKind, IssueUpdateRef } from '../live/live-bus.ts';
import { assertOwnsSource, sourceScope } from '../tenancy/authorization.ts';
import { setIssueStatus } from './issues.ts';

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
}));

builder.mutationFields((t) => ({
  acknowledgeIssue: t.prismaField({
    type: 'Issue',
    description: 'Marks an open issue as being looked at. It still resolves itself when deliveries succeed.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) => changeIssueStatus(ctx, query, String(args.id), 'ACKNOWLEDGED'),
  }),
  resolveIssue: t.prismaField({
    type: 'Issue',
    description: 'Closes an issue by hand; a later failure opens a new one.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) => changeIssueStatus(ctx, query, String(args.id), 'RESOLVED'),
  }),
}));

async function changeIssueStatus(ctx: Context, query: { include?: object; select?: object }, id: string, status: 'ACKNOWLEDGED' | 'RESOLVED') {
  const { sourceId } = await setIssueStatus(ctx.db, ctx.principal, id, status);
  await ctx.live.publishIssues([{ sourceId, subjectId: id, change: status }]);
  return ctx.db.issue.findUniqueOrThrow({ ...query, where: { id } });
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
      const sourceId = (await sourceIdNamed(ctx.db, args.sourceName)) ?? undefined;
      if (!sourceId && ctx.principal.kind === 'admin') throw badInput('sourceName', `issueUpdates: no source named "${args.sourceName}"`);
      assertOwnsSource(ctx.principal, sourceId, `source ${args.sourceName}`);
      return ctx.live.subscribeIssues(sourceId);
    },
    resolve: (update) => update,
  }),
}));
