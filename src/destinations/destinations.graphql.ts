import { DEFAULT_CUSTOM_SIGNATURE_HEADER } from '../delivery/build-request.ts';
import { builder } from '../graphql/builder.ts';
import { assertCan } from '../tenancy/authorization.ts';
import { RateLimitInput } from './rate-limit.graphql.ts';
import { DEFAULT_ROTATION_GRACE_SECONDS, rotateDestinationSecret } from './rotate.ts';

export const AuthStrategy = builder.enumType('AuthStrategy', {
  values: {
    STANDARD_WEBHOOKS: {
      description: 'Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature (v1,<base64 HMAC-SHA256 of id.timestamp.body>).',
    },
    NONE: { description: 'No signature headers.' },
    CUSTOM_SIGNATURE: { description: "HMAC-SHA256 of the raw body with the destination's secret, base64, in one header." },
    BASIC: { description: 'Authorization: Basic base64(username:password).' },
    BEARER: { description: 'Authorization: Bearer <token>.' },
    API_KEY: { description: 'The key (token) in the header headerName.' },
  } as const,
});

type AuthStrategyValue = 'STANDARD_WEBHOOKS' | 'NONE' | 'CUSTOM_SIGNATURE' | 'BASIC' | 'BEARER' | 'API_KEY';

const DestinationAuth = builder
  .objectRef<{ strategy: AuthStrategyValue; headerName: string | null }>('DestinationAuth')
  .implement({
    fields: (t) => ({
      strategy: t.expose('strategy', { type: AuthStrategy }),
      headerName: t.exposeString('headerName', { nullable: true, description: 'Header that carries the value (CUSTOM_SIGNATURE, API_KEY).' }),
    }),
  });

export const DestinationRef = builder.prismaObject('Destination', {
  description: "A customer's webhook URL.",
  authScopes: (destination) => ({ source: destination.sourceId }),
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    url: t.exposeString('url'),
    headers: t.expose('headers', { type: 'JSON', description: "Added to every delivery to this URL (Hookrelay's own headers win on a clash)." }),
    source: t.relation('source'),
    // The secret is deliberately not a field here: only destinationSecret(destinationId) reveals it.
    auth: t.field({
      type: DestinationAuth,
      select: { authStrategy: true, headerName: true },
      resolve: (d) => ({
        strategy: d.authStrategy,
        headerName: d.authStrategy === 'CUSTOM_SIGNATURE' ? (d.headerName ?? DEFAULT_CUSTOM_SIGNATURE_HEADER) : d.headerName,
      }),
    }),
    secretRotatedUntil: t.expose('previousSecretExpiresAt', {
      type: 'DateTime',
      nullable: true,
      description: 'Until then deliveries are signed with the previous secret too (after rotateDestinationSecret).',
    }),
    disabledAt: t.expose('disabledAt', {
      type: 'DateTime',
      nullable: true,
      description: 'Set when deliveries are stopped, by hand or after too many consecutive failures; events wait in HOLD until enableDestination.',
    }),
    disabledReason: t.exposeString('disabledReason', { nullable: true, description: 'Why it was disabled: MANUAL, or the failure rule that did it.' }),
    consecutiveFailures: t.exposeInt('consecutiveFailures', {
      description: 'Events whose delivery failed since the last success (an event retried several times counts once).',
    }),
    failingSince: t.expose('failingSince', { type: 'DateTime', nullable: true, description: 'First failure since the last success.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const DestinationAuthInput = builder.inputType('DestinationAuthInput', {
  fields: (t) => ({
    strategy: t.field({ type: AuthStrategy, required: true }),
    secret: t.string({ description: 'Secret for signatures; generated when absent.' }),
    headerName: t.string({ description: 'CUSTOM_SIGNATURE (default x-hookrelay-signature) and API_KEY (required).' }),
    username: t.string({ description: 'BASIC.' }),
    password: t.string({ description: 'BASIC.' }),
    token: t.string({ description: 'BEARER token, or the API_KEY value.' }),
  }),
});

export const DestinationInput = builder.inputType('DestinationInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    url: t.string({ required: true }),
    auth: t.field({ type: DestinationAuthInput, description: 'Left out: unchanged on update, STANDARD_WEBHOOKS on create.' }),
    rateLimitPerSecond: t.int({ description: 'Deliveries per second across all processes: rateLimit { count, period: SECOND }. Left out: unchanged; null: unlimited.' }),
    headers: t.field({ type: 'JSON', description: 'Headers added to every delivery to this destination (a string map). Left out: unchanged; null: none.' }),
    rateLimit: t.field({ type: RateLimitInput, description: 'Deliveries per second, minute or hour; not with rateLimitPerSecond. Left out: unchanged; null: unlimited.' }),
  }),
});

builder.queryFields((t) => ({
  destinationSecret: t.string({
    nullable: true,
    description: "The destination's current signing secret (STANDARD_WEBHOOKS: whsec_<base64>).",
    args: { destinationId: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const destination = await ctx.db.destination.findUnique({ where: { id: String(args.destinationId) }, select: { secret: true, sourceId: true } });
      assertCan(ctx.principal, 'VIEW_SECRETS', destination?.sourceId, `destination ${args.destinationId}`);
      return destination?.secret ? ctx.secrets.open(destination.secret) : null;
    },
  }),
}));

builder.mutationField('rotateDestinationSecret', (t) =>
  t.prismaField({
    type: 'Destination',
    description: 'Starts signing with a new secret; the old one stays valid for expireCurrentInSeconds.',
    args: {
      destinationId: t.arg.id({ required: true }),
      expireCurrentInSeconds: t.arg.int({ description: 'Default 86400 (24 h); 0 stops the old secret at once.' }),
    },
    resolve: async (query, _root, args, ctx) => {
      const { id } = await rotateDestinationSecret(ctx.db, ctx.secrets, ctx.principal, {
        destinationId: String(args.destinationId),
        expireCurrentInSeconds: args.expireCurrentInSeconds ?? DEFAULT_ROTATION_GRACE_SECONDS,
      });
      return ctx.db.destination.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
);
