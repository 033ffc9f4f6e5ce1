import type { Db } from '../db/prisma.ts';
import { badInput, notFound } from '../errors.ts';
import { generateSecret } from '../signing/standard-webhooks.ts';
import type { Principal } from '../tenancy/principal.ts';
import { assertCan } from '../tenancy/authorization.ts';
import { SIGNING_STRATEGIES } from '../delivery/auth.ts';
import type { SecretBox } from './secret-box.ts';

export const DEFAULT_ROTATION_GRACE_SECONDS = 24 * 3600;

/**
 * Starts signing with a new secret. The current one keeps signing beside it (Standard Webhooks
 * lists both signatures) for expireCurrentInSeconds, so receivers can switch without a gap.
 */
export async function rotateDestinationSecret(
  db: Db,
  box: SecretBox,
  principal: Principal,
  input: { destinationId: string; expireCurrentInSeconds: number },
): Promise<{ id: string }> {
  const { destinationId, expireCurrentInSeconds } = input;
  if (!Number.isInteger(expireCurrentInSeconds) || expireCurrentInSeconds < 0 || expireCurrentInSeconds > 30 * 24 * 3600) {
    throw badInput('expireCurrentInSeconds', 'expireCurrentInSeconds must be a whole number from 0 (now) to 2592000 (30 days)');
  }
  const destination = await db.destination.findUnique({ where: { id: destinationId }, select: { sourceId: true, authStrategy: true, secret: true } });
  if (!destination && principal.kind === 'admin') throw notFound('destination', `No destination ${destinationId}.`);
  assertCan(principal, 'VIEW_SECRETS', destination?.sourceId, `destination ${destinationId}`);
  if (!destination || !SIGNING_STRATEGIES.has(destination.authStrategy)) {
    throw badInput('destinationId', `Destination ${destinationId} uses ${destination?.authStrategy ?? 'no'} authentication; only signing strategies have a secret to rotate.`);
  }
  return db.destination.update({
    where: { id: destinationId },
    data: {
      secret: box.seal(generateSecret()),
      previousSecret: destination.secret,
      previousSecretExpiresAt: new Date(Date.now() + expireCurrentInSeconds * 1000),
    },
    select: { id: true },
  });
}
