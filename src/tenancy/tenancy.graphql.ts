import { builder } from '../graphql/builder.ts';
import { createTenantToken } from './tokens.ts';

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
