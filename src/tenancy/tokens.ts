import { randomBytes } from 'node:crypto';
import type { Db } from '../db/prisma.ts';
import { badInput, notFound } from '../errors.ts';
import { newId } from '../ids.ts';
import { sha256, TENANT_TOKEN_PREFIX } from './principal.ts';

const MAX_TENANT_TOKEN_TTL_SECONDS = 30 * 24 * 3600;

/** Issues an opaque token for one source; only its SHA-256 is stored, so it is shown once. */
export async function createTenantToken(db: Db, input: { sourceName: string; ttlSeconds: number; canManage: boolean }): Promise<string> {
  if (!Number.isInteger(input.ttlSeconds) || input.ttlSeconds < 60 || input.ttlSeconds > MAX_TENANT_TOKEN_TTL_SECONDS) {
    throw badInput('ttlSeconds', `ttlSeconds must be a whole number from 60 to ${MAX_TENANT_TOKEN_TTL_SECONDS} (30 days)`);
  }
  const source = await db.source.findUnique({ where: { name: input.sourceName }, select: { id: true } });
  if (!source) throw notFound('source', `Unknown source "${input.sourceName}": create it with upsertConnection first.`);
  const token = `${TENANT_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  await db.tenantToken.create({
    data: {
      id: newId('tok'),
      sourceId: source.id,
      tokenHash: sha256(token).toString('hex'),
      canManage: input.canManage,
      expiresAt: new Date(Date.now() + input.ttlSeconds * 1000),
    },
  });
  return token;
}

/**
 * Revokes a token from now on, everywhere: every request and operation re-authenticates, and open
 * sockets are rechecked (HOOKRELAY_WS_RECHECK_MS). False when no such token, or it was already revoked.
 */
export async function revokeTenantToken(db: Db, token: string): Promise<boolean> {
  const { count } = await db.tenantToken.updateMany({
    where: { tokenHash: sha256(token).toString('hex'), revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return count === 1;
}
