import { builder } from '../graphql/builder.ts';
import { sourceScope, visibleTo } from '../tenancy/authorization.ts';
import { eventWhere, parseEventFilter } from './event-filter.ts';
import { publishEvent } from './publish.ts';
import { validatePublishRequest } from './publish-input.ts';

export const EventStatus = builder.enumType('EventStatus', {
  values: {
    SCHEDULED: { description: 'Waiting for its next attempt time (a delay or a retry).' },
    QUEUED: { description: 'Due now; a delivery is about to run or running.' },
    HOLD: { description: 'Held back; no attempts until released.' },
    SUCCESSFUL: { description: 'A 2xx response was received.' },
    FAILED: { description: 'The last allowed attempt failed.' },
    CANCELLED: { description: 'Stopped before succeeding: cancelEvent, or its connection was deleted.' },
  } as const,
});
const AttemptTrigger = builder.enumType('AttemptTrigger', { values: ['INITIAL', 'AUTOMATIC', 'MANUAL', 'BULK_RETRY'] as const });
const AttemptStatus = builder.enumType('AttemptStatus', { values: ['SUCCESSFUL', 'FAILED'] as const });

const SkipReason = builder.enumType('SkipReason', {
  values: {
    FILTERED: { description: "The request did not match the connection's filter." },
    TRANSFORM_DROPPED: { description: 'The transformation returned null.' },
    DUPLICATE: { description: 'Deduplication found an equal request within the window.' },
  } as const,
});

interface SkippedConnectionShape {
  connectionId: string;
  connectionName: string;
  reason: 'FILTERED' | 'TRANSFORM_DROPPED' | 'DUPLICATE';
}

const SkippedConnection = builder.objectRef<SkippedConnectionShape>('SkippedConnection').implement({
  fields: (t) => ({
    connectionId: t.exposeID('connectionId'),
    connectionName: t.exposeString('connectionName'),
    reason: t.expose('reason', { type: SkipReason }),
  }),
});

builder.prismaObject('EventRequest', {
  description: 'What the platform published, as received.',
  authScopes: (request) => ({ source: request.sourceId }),
  fields: (t) => ({
    id: t.exposeID('id'),
    source: t.relation('source'),
    headers: t.expose('headers', { type: 'JSON' }),
    body: t.expose('body', { type: 'JSON', nullable: true }),
    idempotencyKey: t.exposeString('idempotencyKey', { nullable: true }),
    eventType: t.exposeString('eventType', { nullable: true }),
    path: t.exposeString('path'),
    query: t.expose('query', { type: 'JSON' }),
    skipped: t.field({
      type: [SkippedConnection],
      description: 'Connections that created no event for this request, and why.',
      select: { skipped: true },
      resolve: (request) => request.skipped as unknown as SkippedConnectionShape[],
    }),
    receivedAt: t.expose('receivedAt', { type: 'DateTime' }),
    events: t.relation('events', { query: { orderBy: { seq: 'asc' } } }),
  }),
});

export const EventRef = builder.prismaObject('Event', {
  description: 'One delivery of one published request through one connection.',
  // Columns the query asks for, not all of them: a history page should not read every body.
  select: { id: true, sourceId: true },
  authScopes: (event) => ({ source: event.sourceId }),
  fields: (t) => ({
    id: t.exposeID('id'),
    request: t.relation('request'),
    connection: t.relation('connection'),
    source: t.relation('source'),
    status: t.expose('status', { type: EventStatus }),
    attemptCount: t.exposeInt('attemptCount'),
    test: t.exposeBoolean('test', { description: 'True for events sent by sendTestEvent.' }),
    nextAttemptAt: t.expose('nextAttemptAt', { type: 'DateTime', nullable: true }),
    lastResponseStatus: t.exposeInt('lastResponseStatus', { nullable: true }),
    body: t.field({
      type: 'JSON',
      nullable: true,
      description: 'The body delivered: the transformed one, or the request body when no transformation ran.',
      select: { body: true, request: { select: { body: true } } },
      resolve: (event) => event.body ?? event.request.body,
    }),
    headers: t.field({
      type: 'JSON',
      description: 'The published headers delivered (transformed when a transformation ran), before Hookrelay adds its own.',
      select: { headers: true, request: { select: { headers: true } } },
      resolve: (event) => event.headers ?? event.request.headers,
    }),
    errorCode: t.exposeString('errorCode', { nullable: true, description: 'Why the event failed without an attempt, e.g. TRANSFORM_ERROR.' }),
    errorMessage: t.exposeString('errorMessage', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    attempts: t.relation('attempts', { query: { orderBy: { number: 'asc' } } }),
  }),
});

builder.prismaObject('Attempt', {
  fields: (t) => ({
    id: t.exposeID('id'),
    number: t.exposeInt('number'),
    trigger: t.expose('trigger', { type: AttemptTrigger }),
    status: t.expose('status', { type: AttemptStatus }),
    requestedAt: t.expose('requestedAt', { type: 'DateTime' }),
    respondedAt: t.expose('respondedAt', { type: 'DateTime', nullable: true }),
    durationMs: t.exposeInt('durationMs', { nullable: true }),
    responseStatus: t.exposeInt('responseStatus', { nullable: true }),
    responseBody: t.exposeString('responseBody', { nullable: true, description: 'Response body, truncated to a configured size.' }),
    errorCode: t.exposeString('errorCode', {
      nullable: true,
      description: 'Why no usable response came: TIMEOUT, CONNECTION_REFUSED, CONNECTION_RESET, DNS, TLS, INVALID_RESPONSE, SSRF_BLOCKED, INVALID_DESTINATION, NETWORK.',
    }),
    errorMessage: t.exposeString('errorMessage', { nullable: true }),
  }),
});

const EventConnection = builder.connectionObject({ type: EventRef, name: 'EventConnection' }, { name: 'EventEdge' });

export const EventFilter = builder.inputType('EventFilter', {
  fields: (t) => ({
    sourceId: t.id({ required: false }),
    sourceName: t.string({ required: false }),
    connectionId: t.id({ required: false }),
    status: t.field({ type: [EventStatus], required: false }),
    createdAfter: t.field({ type: 'DateTime', required: false }),
    createdBefore: t.field({ type: 'DateTime', required: false }),
    eventTypes: t.stringList({ required: false, description: 'Events of these types ("order.*" matches a prefix).' }),
  }),
});

builder.queryFields((t) => ({
  events: t.prismaConnection(
    {
      type: 'Event',
      cursor: 'id',
      maxSize: 100,
      defaultSize: 20,
      description: 'Newest first.',
      args: { filter: t.arg({ type: EventFilter, required: false }) },
      resolve: async (query, _root, { filter }, ctx) =>
        ctx.db.event.findMany({ ...query, where: { AND: [await eventWhere(ctx.db, filter && parseEventFilter(filter)), sourceScope(ctx.principal)] }, orderBy: { id: 'desc' } }),
    },
    EventConnection,
  ),
  event: t.prismaField({
    type: 'Event',
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => visibleTo(ctx.principal, await ctx.db.event.findUnique({ ...query, where: { id: String(args.id) } }), (e) => e.sourceId, `event ${args.id}`),
  }),
  eventRequest: t.prismaField({
    type: 'EventRequest',
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) =>
      visibleTo(ctx.principal, await ctx.db.eventRequest.findUnique({ ...query, where: { id: String(args.id) } }), (r) => r.sourceId, `event request ${args.id}`),
  }),
}));

const PublishEventInput = builder.inputType('PublishEventInput', {
  fields: (t) => ({
    source: t.string({ required: true, description: 'Source name.' }),
    headers: t.field({ type: 'JSON', description: 'Header names to string values, passed on to every destination.' }),
    body: t.field({ type: 'JSON', required: true }),
    path: t.string({ description: 'Path of the original request, matched by filters (e.g. "/orders"); default "".' }),
    query: t.field({ type: 'JSON', description: 'Query parameters of the original request, matched by filters; default {}.' }),
    idempotencyKey: t.string({
      description: 'Publishing twice with the same key for the same source returns the first request.',
    }),
    eventType: t.string({ description: "The event's type; checked against the catalog's schema when the type has one." }),
  }),
});

const PublishEventResult = builder.objectRef<{ requestId: string; eventIds: string[]; replayed: boolean }>('PublishEventResult');
PublishEventResult.implement({
  fields: (t) => ({
    eventRequestId: t.exposeID('requestId'),
    replayed: t.exposeBoolean('replayed', { description: 'True when the idempotency key matched an earlier request.' }),
    events: t.prismaField({
      type: ['Event'],
      resolve: (query, result, _args, ctx) =>
        ctx.db.event.findMany({ ...query, where: { id: { in: result.eventIds } }, orderBy: { id: 'asc' } }),
    }),
  }),
});

builder.mutationField('publishEvent', (t) =>
  t.field({
    type: PublishEventResult,
    description: "Publishes to a source: the platform's backend call (admin API key only).",
    authScopes: { admin: true },
    args: { input: t.arg({ type: PublishEventInput, required: true }) },
    resolve: (_root, { input }, ctx) => publishEvent(ctx, validatePublishRequest({ ...input, body: input.body }, ctx.config.maxBodyBytes)),
  }),
);
