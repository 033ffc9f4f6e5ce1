import { badInput } from '../errors.ts';
import { builder } from '../graphql/builder.ts';
import type { Context } from '../graphql/context.ts';
import { DestinationInput } from '../destinations/destinations.graphql.ts';
import { sourceIdNamed } from '../events/event-filter.ts';
import { assertCan, sourceScope, visibleTo } from '../tenancy/authorization.ts';
import { upsertConnectionInput, parseInput } from './connection-input.ts';
import { deleteConnection, upsertConnection } from './connections.ts';

/** Changing a connection: the admin, or a managing tenant token of the connection's source. */
export async function authorizeConnection(ctx: Context, id: string): Promise<void> {
  if (ctx.principal.kind === 'admin') return;
  const connection = await ctx.db.connection.findUnique({ where: { id }, select: { sourceId: true } });
  assertCan(ctx.principal, 'MANAGE_ENDPOINTS', connection?.sourceId, `connection ${id}`);
}

export const RetryStrategy = builder.enumType('RetryStrategy', { values: ['LINEAR', 'EXPONENTIAL'] as const });

const SourceRef = builder.prismaObject('Source', {
  description: 'One per customer account (tenant). Events are published to a source by name.',
  authScopes: (source) => ({ source: source.id }),
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    connections: t.relatedConnection(
      'connections',
      { cursor: 'id', query: { where: { deletedAt: null }, orderBy: { id: 'desc' } }, maxSize: 100, defaultSize: 20 },
      ConnectionConnection,
    ),
  }),
});

interface RetryRuleShape {
  strategy: 'LINEAR' | 'EXPONENTIAL';
  count: number;
  intervalMs: number;
  responseStatusCodes: string[] | null;
}

const RetryRule = builder.objectRef<RetryRuleShape>('RetryRule').implement({
  fields: (t) => ({
    strategy: t.expose('strategy', { type: RetryStrategy }),
    count: t.exposeInt('count', { description: 'Automatic retries after the first attempt; 0 disables retries.' }),
    intervalMs: t.exposeInt('intervalMs', { description: 'Base interval in milliseconds.' }),
    responseStatusCodes: t.exposeStringList('responseStatusCodes', {
      nullable: true,
      description: 'Status codes or ranges that trigger a retry, e.g. ["500-599", "429"]; null: any non-2xx.',
    }),
  }),
});

interface ConnectionRulesShape {
  retry: RetryRuleShape;
  delayMs: number;
  filter: unknown;
  transformCode: string | null;
  deduplicate: { windowMs: number; fields: string[] | null } | null;
  ordered: boolean;
  eventTypes: string[] | null;
}

const DeduplicateRule = builder.objectRef<{ windowMs: number; fields: string[] | null }>('DeduplicateRule').implement({
  fields: (t) => ({
    windowMs: t.exposeInt('windowMs'),
    fields: t.exposeStringList('fields', { nullable: true, description: 'Body paths compared; null compares the whole body.' }),
  }),
});

const ConnectionRules = builder.objectRef<ConnectionRulesShape>('ConnectionRules').implement({
  fields: (t) => ({
    retry: t.expose('retry', { type: RetryRule }),
    delayMs: t.exposeInt('delayMs', { description: 'Delay before the first attempt, in milliseconds.' }),
    filter: t.expose('filter', { type: 'JSON', nullable: true, description: 'Filter on body, headers, path and query; null delivers everything.' }),
    transformCode: t.exposeString('transformCode', {
      nullable: true,
      description: 'Source of the transformation run on each event before delivery; null for none.',
    }),
    deduplicate: t.expose('deduplicate', { type: DeduplicateRule, nullable: true }),
    ordered: t.exposeBoolean('ordered', { description: "Deliver this connection's events strictly in publish order." }),
    eventTypes: t.exposeStringList('eventTypes', { nullable: true, description: 'Event types received ("order.*" matches a prefix); null: every type.' }),
  }),
});

const ConnectionRef = builder.prismaObject('Connection', {
  description: 'A Source wired to a Destination, with the rules applied on the way.',
  // Columns the query asks for: an event page names its connection without reading its rules.
  select: { id: true, sourceId: true },
  authScopes: (connection) => ({ source: connection.sourceId }),
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true, description: 'Free text shown beside the endpoint, e.g. what it is for.' }),
    source: t.relation('source'),
    destination: t.relation('destination'),
    rules: t.field({
      type: ConnectionRules,
      select: {
        retryStrategy: true,
        retryCount: true,
        retryIntervalMs: true,
        retryStatusCodes: true,
        delayMs: true,
        filter: true,
        transformCode: true,
        dedupeWindowMs: true,
        dedupeFields: true,
        ordered: true,
        eventTypes: true,
      },
      resolve: (c) => ({
        retry: {
          strategy: c.retryStrategy,
          count: c.retryCount,
          intervalMs: c.retryIntervalMs,
          responseStatusCodes: c.retryStatusCodes.length > 0 ? c.retryStatusCodes : null,
        },
        delayMs: c.delayMs,
        filter: c.filter,
        transformCode: c.transformCode,
        deduplicate: c.dedupeWindowMs === null ? null : { windowMs: c.dedupeWindowMs, fields: c.dedupeFields.length > 0 ? c.dedupeFields : null },
        ordered: c.ordered,
        eventTypes: c.eventTypes.length > 0 ? c.eventTypes : null,
      }),
    }),
    pausedAt: t.expose('pausedAt', { type: 'DateTime', nullable: true, description: 'Set while paused: new events are held.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    deletedAt: t.expose('deletedAt', { type: 'DateTime', nullable: true, description: 'Set once deleteConnection removed it.' }),
  }),
});

export const ConnectionConnection = builder.connectionObject(
  { type: ConnectionRef, name: 'ConnectionConnection' },
  { name: 'ConnectionEdge' },
);

const ConnectionFilter = builder.inputType('ConnectionFilter', {
  fields: (t) => ({
    sourceId: t.id({ required: false }),
    sourceName: t.string({ required: false }),
    destinationId: t.id({ required: false }),
  }),
});

builder.queryFields((t) => ({
  source: t.prismaField({
    type: 'Source',
    nullable: true,
    args: { id: t.arg.id({ required: false }), name: t.arg.string({ required: false }) },
    resolve: async (query, _root, args, ctx) => {
      if (Boolean(args.id) === Boolean(args.name)) throw badInput('id', 'Pass exactly one of id or name to source(...)');
      const source = await ctx.db.source.findUnique({ ...query, where: args.id ? { id: String(args.id) } : { name: args.name ?? '' } });
      return visibleTo(ctx.principal, source, (s) => s.id, `source ${args.id ?? args.name}`);
    },
  }),
  connections: t.prismaConnection(
    {
      type: 'Connection',
      cursor: 'id',
      maxSize: 100,
      defaultSize: 20,
      args: { filter: t.arg({ type: ConnectionFilter, required: false }) },
      resolve: (query, _root, { filter }, ctx) =>
        ctx.db.connection.findMany({
          ...query,
          // ANDed, never spread: a filter's sourceId must not replace the tenant's scope.
          where: {
            AND: [
              { deletedAt: null },
              sourceScope(ctx.principal),
              filter?.sourceId ? { sourceId: String(filter.sourceId) } : {},
              filter?.sourceName ? { source: { name: filter.sourceName } } : {},
              filter?.destinationId ? { destinationId: String(filter.destinationId) } : {},
            ],
          },
          orderBy: { id: 'desc' },
        }),
    },
    ConnectionConnection,
  ),
}));

const SourceRefInput = builder.inputType('SourceRefInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: 'Created when new. Printable ASCII, at most 200 characters: it is sent in the x-hookrelay-source-name header.' }),
  }),
});

const RetryRuleInput = builder.inputType('RetryRuleInput', {
  fields: (t) => ({
    strategy: t.field({ type: RetryStrategy, required: true }),
    count: t.int({ required: true }),
    intervalMs: t.int({ required: true }),
    responseStatusCodes: t.stringList(),
  }),
});

const DeduplicateRuleInput = builder.inputType('DeduplicateRuleInput', {
  fields: (t) => ({
    windowMs: t.int({ required: true }),
    fields: t.stringList({ description: 'Dot-separated body paths, e.g. "order.id"; left out: the whole body.' }),
  }),
});

const ConnectionRulesInput = builder.inputType('ConnectionRulesInput', {
  description: 'Each rule left out keeps its current value (its default on create); null resets it to its default.',
  fields: (t) => ({
    retry: t.field({ type: RetryRuleInput, description: 'Default: EXPONENTIAL, 5 retries, 30000 ms.' }),
    delayMs: t.int({ description: 'Default 0.' }),
    filter: t.field({ type: 'JSON', description: 'e.g. { "body": { "type": { "$in": ["order.created"] } } }; default: none.' }),
    transformCode: t.string({ description: 'JavaScript `(request) => request` (or null to drop); default: none.' }),
    deduplicate: t.field({ type: DeduplicateRuleInput, description: 'Default: no deduplication.' }),
    ordered: t.boolean({ description: 'Default false (parallel delivery).' }),
    eventTypes: t.stringList({ description: 'Event types this connection receives; "order.*" matches a prefix; null receives all.' }),
  }),
});

const UpsertConnectionInput = builder.inputType('UpsertConnectionInput', {
  description: 'Idempotent: creates or updates the source, destination and connection, all by name.',
  fields: (t) => ({
    name: t.string({ required: true }),
    description: t.string({ description: 'At most 500 characters. Left out: unchanged; null: none.' }),
    source: t.field({ type: SourceRefInput, required: true }),
    destination: t.field({ type: DestinationInput, required: true }),
    rules: t.field({ type: ConnectionRulesInput }),
  }),
});

builder.mutationFields((t) => ({
  upsertConnection: t.prismaField({
    type: 'Connection',
    args: { input: t.arg({ type: UpsertConnectionInput, required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const input = parseInput(upsertConnectionInput, args.input, 'input');
      if (ctx.principal.kind === 'tenant') {
        // A tenant manages its own source's connections; it can never create or touch another.
        const sourceId = (await sourceIdNamed(ctx.db, input.source.name)) ?? undefined;
        assertCan(ctx.principal, 'MANAGE_ENDPOINTS', sourceId, `source "${input.source.name}"`);
      }
      const connection = await upsertConnection(ctx.db, ctx.secrets, input);
      return ctx.db.connection.findUniqueOrThrow({ ...query, where: { id: connection.id } });
    },
  }),
  deleteConnection: t.boolean({
    description: 'Removes the connection: its history stays readable, its pending deliveries are cancelled.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      await authorizeConnection(ctx, String(args.id));
      const { deleted, cancelled } = await deleteConnection(ctx.pool, String(args.id));
      await ctx.live.publish(cancelled);
      return deleted;
    },
  }),
}));
