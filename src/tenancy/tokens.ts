import { randomBytes } from 'node:crypto';
import type { Db } from '../db/prisma.ts';
import { badInput, notFound } from '../errors.ts';
import { newId } from '../ids.ts';
import { sha256, TENANT_TOKEN_PREFIX } from './principal.ts';
import type { Capability } from './capabilities.ts';

export const MAX_TENANT_TOKEN_TTL_SECONDS = 30 * 24 * 3600;
export const MAX_PORTAL_SESSION_TTL_SECONDS = 7 * 24 * 3600;
const MAX_RETURN_URL_LENGTH = 2_000;

export interface TenantTokenInput {
  sourceName: string;
  ttlSeconds: number;
  capabilities: readonly Capability[];
  returnUrl: string | null;
}

export interface IssuedToken {
  token: string;
  expiresAt: Date;
  capabilities: Capability[];
}

const describeTtl = (seconds: number) => (seconds % 86_400 === 0 ? `${seconds / 86_400} days` : `${seconds} s`);

/**
 * Issues an opaque token for one source; only its SHA-256 is stored, so it is shown once.
 * `field` names the input at fault in errors (the mutations differ in shape); `createSource`
 * creates a source of that name when there is none yet.
 */
export async function createTenantToken(
  db: Db,
  input: TenantTokenInput,
  limits: { maxTtlSeconds: number; field: string; createSource: boolean },
): Promise<IssuedToken> {
  const { maxTtlSeconds, field } = limits;
  if (!Number.isInteger(input.ttlSeconds) || input.ttlSeconds < 60 || input.ttlSeconds > maxTtlSeconds) {
    throw badInput(`${field}ttlSeconds`, `ttlSeconds must be a whole number from 60 to ${maxTtlSeconds} (${describeTtl(maxTtlSeconds)}), got ${input.ttlSeconds}.`);
  }
  if (input.returnUrl !== null) assertReturnUrl(input.returnUrl, `${field}returnUrl`);
  // A customer opening the portal before it has any endpoint gets an empty source to add them to;
  // skipDuplicates keeps concurrent first sessions of one customer from colliding.
  if (limits.createSource) await db.source.createMany({ data: [{ id: newId('src'), name: input.sourceName }], skipDuplicates: true });
  const source = await db.source.findUnique({ where: { name: input.sourceName }, select: { id: true } });
  if (!source) throw notFound('source', `Unknown source "${input.sourceName}": create it with upsertConnection first.`);
  const token = `${TENANT_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const capabilities = [...new Set(input.capabilities)];
  const expiresAt = new Date(Date.now() + input.ttlSeconds * 1000);
  await db.tenantToken.create({
    data: { id: newId('tok'), sourceId: source.id, tokenHash: sha256(token).toString('hex'), capabilities, returnUrl: input.returnUrl, expiresAt },
  });
  return { token, expiresAt, capabilities };
}

/** The portal links to it from its expired page: only http(s), so no javascript: or data: link reaches a browser. */
function assertReturnUrl(value: string, field: string): void {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || value.length > MAX_RETURN_URL_LENGTH) {
    throw badInput(field, `returnUrl must be an absolute http(s) URL of at most ${MAX_RETURN_URL_LENGTH} characters, e.g. https://app.example.com/settings/webhooks.`);
  }
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
