import { builder } from '../graphql/builder.ts';
import { createTenantToken, revokeTenantToken } from './tokens.ts';

builder.mutationField('createTenantToken', (t) =>
  t.string({
    description: "A token that can read and subscribe to one source's data only, for tenant-facing UIs.",
    authScopes: { admin: true },
    args: {
      sourceName: t.arg.string({ required: true }),
      ttlSeconds: t.arg.int({ description: 'Lifetime, 60 s to 30 days; default 3600.' }),
      canManage: t.arg.boolean({ description: "Also allow managing this source's connections; default false." }),
    },
    resolve: (_root, args, ctx) =>
      createTenantToken(ctx.db, { sourceName: args.sourceName, ttlSeconds: args.ttlSeconds ?? 3600, canManage: args.canManage ?? false }),
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
