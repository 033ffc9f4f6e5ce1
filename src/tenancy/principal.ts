import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import type { Db } from '../db/prisma.ts';
import { AppError } from '../errors.ts';

/** Who is calling. Later kinds (tenant tokens) extend this union. */
export type Principal = { kind: 'admin' };

const ADMIN_KEY_SETTING = 'admin_api_key_sha256';
const sha256 = (value: string) => createHash('sha256').update(value).digest();

export interface ApiKeyVerifier {
  /** The Principal for an `Authorization` value; UNAUTHENTICATED when missing or wrong. */
  authenticate(authorization: string | null | undefined): Principal;
}

/**
 * The admin key comes from HOOKRELAY_API_KEY; without it, the first start generates one, prints it
 * once and stores only its SHA-256, so a leaked database does not leak the key.
 */
export async function loadApiKeyVerifier(db: Db, configuredKey: string | undefined, logger: Logger): Promise<ApiKeyVerifier> {
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
    authenticate(authorization) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
      if (!match) {
        throw new AppError(
          'UNAUTHENTICATED',
          'Missing API key: send the header "Authorization: Bearer <key>" (on WebSocket: connectionParams { authorization: "Bearer <key>" }).',
        );
      }
      if (!timingSafeEqual(sha256(match[1]), expected)) {
        throw new AppError('UNAUTHENTICATED', 'Invalid API key: check HOOKRELAY_API_KEY or the key printed at first start.');
      }
      return { kind: 'admin' };
    },
  };
}
