import { builder } from '../graphql/builder.ts';
import { upsertEventType } from './event-types.ts';

builder.prismaObject('EventType', {
  description: 'A kind of event the platform publishes (e.g. order.created), with the shape of its body.',
  // The catalog is the platform's, shared by every tenant: readable by any token.
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    schema: t.expose('schema', { type: 'JSON', nullable: true, description: 'JSON Schema (draft 2020-12) of the body; null accepts any body.' }),
    example: t.expose('example', { type: 'JSON', nullable: true, description: 'An example body: what sendTestEvent delivers and what a tenant UI shows.' }),
    deprecated: t.exposeBoolean('deprecated'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const EventTypeInput = builder.inputType('EventTypeInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: 'Dotted lowercase words, e.g. "order.created".' }),
    description: t.string(),
    schema: t.field({ type: 'JSON', description: 'JSON Schema (draft 2020-12) published bodies must match. Left out: unchanged; null: any body.' }),
    example: t.field({ type: 'JSON', description: 'Must match the schema. Left out: unchanged.' }),
    deprecated: t.boolean({ description: 'Hidden from eventTypes unless includeDeprecated; still accepted on publish.' }),
  }),
});

builder.queryFields((t) => ({
  eventTypes: t.prismaField({
    type: ['EventType'],
    description: 'The catalog, by name.',
    args: { includeDeprecated: t.arg.boolean() },
    resolve: (query, _root, args, ctx) =>
      ctx.db.eventType.findMany({ ...query, where: args.includeDeprecated ? {} : { deprecated: false }, orderBy: { name: 'asc' }, take: 1_000 }),
  }),
  eventType: t.prismaField({
    type: 'EventType',
    nullable: true,
    args: { name: t.arg.string({ required: true }) },
    resolve: (query, _root, args, ctx) => ctx.db.eventType.findUnique({ ...query, where: { name: args.name } }),
  }),
}));

builder.mutationField('upsertEventType', (t) =>
  t.prismaField({
    type: 'EventType',
    description: 'Creates or updates an event type by name (admin only; idempotent).',
    authScopes: { admin: true },
    args: { input: t.arg({ type: EventTypeInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const { id } = await upsertEventType(ctx.db, input);
      return ctx.db.eventType.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
);
