import type { Logger } from 'pino';
import type { Db } from '../db/prisma.ts';
import { decryptSecret, encryptSecret, generateEncryptionKey, isEncrypted, parseEncryptionKey } from '../security/encryption.ts';
import { itself, kept } from '../kept.ts';

/** Seals destination secrets and credentials before they reach the database, opens them after. */
export interface SecretBox {
  seal(plain: string): string;
  open(stored: string): string;
}

const KEY_SETTING = 'encryption_key';
const OPENED_SECRETS_KEPT = 1_000;

/**
 * The key comes from HOOKRELAY_ENCRYPTION_KEY; without it the first start generates one and keeps
 * it in the settings table, which protects backups and replicas of the secret columns alone, not a
 * copy of the whole database: set the variable to keep the key elsewhere.
 */
export async function loadSecretBox(db: Db, configuredKey: string | undefined, logger: Logger): Promise<SecretBox> {
  let key: Buffer;
  if (configuredKey) {
    key = parseEncryptionKey(configuredKey);
  } else {
    const inserted = await db.setting.createMany({ data: [{ key: KEY_SETTING, value: generateEncryptionKey() }], skipDuplicates: true });
    if (inserted.count === 1) {
      logger.warn('Generated the encryption key for destination secrets and stored it in the database; set HOOKRELAY_ENCRYPTION_KEY to keep it outside.');
    }
    key = parseEncryptionKey((await db.setting.findUniqueOrThrow({ where: { key: KEY_SETTING } })).value);
  }
  // Every attempt opens its destination's secret: a few hundred destinations hold nearly all the
  // traffic, so their opened secrets are kept (each sealed value is unique to its secret, so a
  // rotation is a new entry). Bounded: the oldest entry goes first.
  const opened = kept((stored: string) => decryptSecret(stored, key), { max: OPENED_SECRETS_KEPT, keyOf: itself });
  return {
    seal: (plain) => encryptSecret(plain, key),
    // Secrets written before encryption existed are read as they are.
    open: (stored) => (isEncrypted(stored) ? opened(stored) : stored),
  };
}
