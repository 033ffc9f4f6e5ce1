import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import type { Db } from '../db/prisma.ts';
import { DomainError } from '../errors.ts';
import type { Capability } from './capabilities.ts';

/** Who is calling: the platform (admin key) or one tenant's UI (a tenant token, or portal session, for one source). */
export type Principal =
  | { kind: 'admin' }
  | { kind: 'tenant'; sourceId: string; capabilities: readonly Capability[]; tokenId: string; expiresAt: Date; returnUrl: string | null };

const ADMIN_KEY_SETTING = 'admin_api_key_sha256';
export const TENANT_TOKEN_PREFIX = 'hrt_';
export const sha256 = (value: string) => createHash('sha256').update(value).digest();

export interface Authenticator {
  /** The Principal for an `Authorization` value; UNAUTHENTICATED when missing, wrong or expired. */
  authenticate(authorization: string | null | undefined): Promise<Principal>;
  /** Which of these tenant tokens are still valid (neither expired nor revoked), in one query. */
  validTokenIds(tokenIds: string[]): Promise<Set<string>>;
}

const missing = () =>
  new DomainError(
    'UNAUTHENTICATED',
    'Missing API key: send the header "Authorization: Bearer <key>" (on WebSocket: connectionParams { authorization: "Bearer <key>" }).',
  );

/**
 * The admin key comes from HOOKRELAY_API_KEY; without it, the first start generates one, prints it
 * once and stores only its SHA-256, so a leaked database does not leak the key. Tenant tokens are
 * looked up by their SHA-256 as well.
 */
export async function loadAuthenticator(db: Db, configuredKey: string | undefined, logger: Logger): Promise<Authenticator> {
  let expected: Buffer;
  if (configuredKey) {
    expected = sha256(configuredKey);
  } else {
    const generated = `hr_${randomBytes(24).toString('base64url')}`;
    const inserted = await db.setting.createMany({
      data: [{ key: ADMIN_KEY_SETTING, value: sha256(generated).toString('hex') }],
      skipDuplicates: true,
    });
    if (inserted.count === 1) {
      logger.warn(
        { adminApiKey: generated },
        'Generated the admin API key; it is shown only this once. Use it as "Authorization: Bearer <key>", or set HOOKRELAY_API_KEY.',
      );
    }
    const stored = await db.setting.findUniqueOrThrow({ where: { key: ADMIN_KEY_SETTING } });
    expected = Buffer.from(stored.value, 'hex');
  }
  return {
    async authenticate(authorization) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
      if (!match) throw missing();
      const presented = match[1];
      if (presented.startsWith(TENANT_TOKEN_PREFIX)) {
        const token = await db.tenantToken.findUnique({
          where: { tokenHash: sha256(presented).toString('hex') },
          select: { id: true, sourceId: true, capabilities: true, expiresAt: true, revokedAt: true, returnUrl: true },
        });
        if (!token) throw new DomainError('UNAUTHENTICATED', 'Invalid tenant token: ask the platform for a new one (createTenantToken).');
        // Whoever holds an expired token may learn where to get a new one: the portal links there.
        const lapsed = token.returnUrl ? { returnUrl: token.returnUrl } : {};
        if (token.revokedAt) {
          throw new DomainError('UNAUTHENTICATED', `Tenant token revoked at ${token.revokedAt.toISOString()}: ask the platform for a new one.`, lapsed);
        }
        if (token.expiresAt.getTime() <= Date.now()) {
          throw new DomainError('UNAUTHENTICATED', `Tenant token expired at ${token.expiresAt.toISOString()}: ask the platform for a new one.`, lapsed);
        }
        return { kind: 'tenant', sourceId: token.sourceId, capabilities: token.capabilities, tokenId: token.id, expiresAt: token.expiresAt, returnUrl: token.returnUrl };
      }
      if (!timingSafeEqual(sha256(presented), expected)) {
        throw new DomainError('UNAUTHENTICATED', 'Invalid API key: check HOOKRELAY_API_KEY or the key printed at first start.');
      }
      return { kind: 'admin' };
    },
    async validTokenIds(tokenIds) {
      if (tokenIds.length === 0) return new Set();
      const valid = await db.tenantToken.findMany({
        where: { id: { in: tokenIds }, revokedAt: null, expiresAt: { gt: new Date() } },
        select: { id: true },
      });
      return new Set(valid.map((token) => token.id));
    },
  };
}
