import { z } from 'zod';
import { parseInput, sourceName } from '../connections/connection-input.ts';
import { builder } from '../graphql/builder.ts';
import { CAPABILITIES, CAPABILITY_DESCRIPTIONS, type Capability } from './capabilities.ts';
import { createTenantToken, MAX_PORTAL_SESSION_TTL_SECONDS, MAX_TENANT_TOKEN_TTL_SECONDS, revokeTenantToken, type IssuedToken } from './tokens.ts';

const PortalCapability = builder.enumType('PortalCapability', {
  description: 'What a portal session (or tenant token) may do beyond reading its own source.',
  values: Object.fromEntries(CAPABILITIES.map((capability) => [capability, { description: CAPABILITY_DESCRIPTIONS[capability] }])) as Record<
    Capability,
    { description: string }
  >,
});

builder.mutationField('createTenantToken', (t) =>
  t.string({
    description: "A token that can read and subscribe to one source's data only, for tenant-facing UIs.",
    authScopes: { admin: true },
    args: {
      sourceName: t.arg.string({ required: true }),
      ttlSeconds: t.arg.int({ description: 'Lifetime, 60 s to 30 days; default 3600.' }),
      capabilities: t.arg({ type: [PortalCapability], description: 'What it may do beyond reading; default none (read only).' }),
      canManage: t.arg.boolean({ description: 'true grants every capability; same as listing them all in capabilities.' }),
    },
    resolve: async (_root, args, ctx) => {
      const capabilities = args.canManage ? CAPABILITIES : (args.capabilities ?? []);
      const input = { sourceName: args.sourceName, ttlSeconds: args.ttlSeconds ?? 3600, capabilities, returnUrl: null };
      return (await createTenantToken(ctx.db, input, { maxTtlSeconds: MAX_TENANT_TOKEN_TTL_SECONDS, field: '', createSource: false })).token;
    },
  }),
);

const PortalSessionInput = builder.inputType('PortalSessionInput', {
  fields: (t) => ({
    sourceName: t.string({ required: true, description: 'The customer\'s source; created when new, so a customer can open the portal before it has any endpoint.' }),
    ttlSeconds: t.int({ description: 'Lifetime, 60 s to 7 days; default 3600.' }),
    capabilities: t.field({ type: [PortalCapability], description: 'Default: none (read only).' }),
    returnUrl: t.string({ description: 'Where an expired session sends the user to get a new one.' }),
  }),
});

const portalSource = z.object({ sourceName });

const PortalSession = builder.objectRef<IssuedToken & { url: string }>('PortalSession').implement({
  description: 'A link that opens the tenant portal for one source, with what it may do.',
  fields: (t) => ({
    url: t.exposeString('url', { description: 'Opens the portal: <public base URL>/portal#token=..., the token in the fragment.' }),
    token: t.exposeString('token'),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    capabilities: t.field({ type: [PortalCapability], resolve: (session) => session.capabilities }),
  }),
});

builder.mutationField('createPortalSession', (t) =>
  t.field({
    type: PortalSession,
    description:
      "The platform's backend opens the portal for one of its customers: send the user to url. The token travels in the URL fragment, so it reaches no server log; the capabilities are enforced on every call.",
    authScopes: { admin: true },
    args: { input: t.arg({ type: PortalSessionInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { sourceName: name } = parseInput(portalSource, input, 'input');
      const session = await createTenantToken(
        ctx.db,
        { sourceName: name, ttlSeconds: input.ttlSeconds ?? 3600, capabilities: input.capabilities ?? [], returnUrl: input.returnUrl ?? null },
        { maxTtlSeconds: MAX_PORTAL_SESSION_TTL_SECONDS, field: 'input.', createSource: true },
      );
      return { ...session, url: `${ctx.publicUrl()}/portal#token=${session.token}` };
    },
  }),
);

builder.mutationField('revokeTenantToken', (t) =>
  t.boolean({
    description:
      'Refuses the token from now on (UNAUTHENTICATED), on every process; its open WebSockets close within HOOKRELAY_WS_RECHECK_MS. False when it is unknown or already revoked.',
    authScopes: { admin: true },
    args: { token: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => revokeTenantToken(ctx.db, args.token),
  }),
);

interface ViewerShape {
  sourceId: string | null;
  capabilities: readonly Capability[];
  expiresAt: Date | null;
  returnUrl: string | null;
}

const Viewer = builder.objectRef<ViewerShape>('Viewer').implement({
  description: 'Who is calling: the platform (admin key), or a portal session or tenant token of one source.',
  fields: (t) => ({
    source: t.prismaField({
      type: 'Source',
      nullable: true,
      description: "The session's source; null for the admin key, which sees every source.",
      resolve: (query, viewer, _args, ctx) => (viewer.sourceId ? ctx.db.source.findUnique({ ...query, where: { id: viewer.sourceId } }) : null),
    }),
    capabilities: t.field({ type: [PortalCapability], resolve: (viewer) => [...viewer.capabilities] }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true, description: 'When the session ends; null for the admin key.' }),
    returnUrl: t.exposeString('returnUrl', { nullable: true, description: 'Where the platform wants its user sent when the session ends.' }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: Viewer,
    description: 'Who this call is made as, and what it may do: the portal shows only what the session can do.',
    resolve: (_root, _args, { principal }) =>
      principal.kind === 'admin'
        ? { sourceId: null, capabilities: CAPABILITIES, expiresAt: null, returnUrl: null }
        : { sourceId: principal.sourceId, capabilities: principal.capabilities, expiresAt: principal.expiresAt, returnUrl: principal.returnUrl },
  }),
);
