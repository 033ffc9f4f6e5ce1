import { builder } from '../graphql/builder.ts';
import type { Context } from '../graphql/context.ts';
import { continueReleasing } from '../events/release.ts';
import { authorizeConnection } from './connections.graphql.ts';
import { pauseConnection, unpauseConnection, type PauseResult } from './pause.ts';

/** Authorizes, applies, wakes dispatch for what became due, announces what changed. */
async function apply(ctx: Context, id: string, change: (pool: Context['pool'], id: string) => Promise<PauseResult>): Promise<string> {
  await authorizeConnection(ctx, id);
  const result = await change(ctx.pool, id);
  if (result.changed.length > 0) ctx.dispatcher.poke();
  await ctx.live.publish(result.changed);
  if (result.more) continueReleasing(ctx, { connectionId: id });
  return result.connectionId;
}

builder.mutationFields((t) => ({
  pauseConnection: t.prismaField({
    type: 'Connection',
    description: 'Holds new and pending events (status HOLD, no attempts) until unpaused; nothing is lost.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) =>
      ctx.db.connection.findUniqueOrThrow({ ...query, where: { id: await apply(ctx, String(args.id), pauseConnection) } }),
  }),
  unpauseConnection: t.prismaField({
    type: 'Connection',
    description: 'Releases held events, delivered in publish order (a disabled destination keeps its events held). Answers once the first 1,000 are due; the rest are released right after, in the background.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) =>
      ctx.db.connection.findUniqueOrThrow({ ...query, where: { id: await apply(ctx, String(args.id), unpauseConnection) } }),
  }),
}));
