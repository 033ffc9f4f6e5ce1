import { builder } from '../graphql/builder.ts';
import { DEFAULT_ROTATION_GRACE_SECONDS, rotateDestinationSecret } from './rotate.ts';

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
