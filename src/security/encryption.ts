import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Secrets at rest (signing secrets, passwords, tokens, API keys) are stored encrypted with
 * AES-256-GCM, so a database dump or backup alone reveals none of them. The key is
 * HOOKRELAY_ENCRYPTION_KEY; config.ts reads it and hands parseEncryptionKey the string.
 *
 * Stored form: `enc:v1:<iv>:<tag>:<ciphertext>`, each part base64. The version names the algorithm
 * and its parameters, so a later scheme (or a key id for key rotation) can be told apart from
 * values written now, and a value without the prefix is recognisably plaintext from before
 * encryption was enabled (see isEncrypted).
 */
const marker = 'enc:v1:';
// NIST SP 800-38D section 8.2.2: a random 96-bit IV is safe for up to 2^32 values per key,
// far more secrets than one installation stores.
const ivBytes = 12;
// The full tag: decipher.setAuthTag would otherwise accept a shortened one, weakening the check.
const tagBytes = 16;
const keyBytes = 32;
const envName = 'HOOKRELAY_ENCRYPTION_KEY';

// Buffer.from(s, 'base64') silently skips characters outside the alphabet; check the shape first.
const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const hex64 = /^[0-9a-fA-F]{64}$/;

/** A failure to decrypt a stored secret: wrong key, altered value, or not our format. */
export class SecretDecryptionError extends Error {
  override name = 'SecretDecryptionError';
}

/**
 * The key from HOOKRELAY_ENCRYPTION_KEY: 32 bytes written as base64 (44 characters) or as 64 hex
 * characters; surrounding whitespace (a trailing newline from a secrets file) is ignored. Throws
 * an Error naming the variable and both forms; the message never contains the value itself.
 */
export function parseEncryptionKey(value: string): Buffer {
  const trimmed = value.trim();
  if (hex64.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (base64.test(trimmed)) {
    const key = Buffer.from(trimmed, 'base64');
    if (key.length === keyBytes) return key;
  }
  throw new Error(
    `${envName} must be ${keyBytes} bytes written as base64 (44 characters, e.g. \`openssl rand -base64 32\`) ` +
      `or as 64 hex characters (\`openssl rand -hex 32\`); got ${trimmed.length} characters that are neither`,
  );
}

/** A new random key, base64, for HOOKRELAY_ENCRYPTION_KEY. */
export function generateEncryptionKey(): string {
  return randomBytes(keyBytes).toString('base64');
}

/** Whether a stored value is in our encrypted format (of any version), rather than plaintext. */
export function isEncrypted(stored: string): boolean {
  return stored.startsWith('enc:');
}

/** `enc:v1:<iv>:<tag>:<ciphertext>` with a fresh random IV, so equal secrets encrypt differently. */
export function encryptSecret(plain: string, key: Buffer): string {
  checkKey(key);
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: tagBytes });
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `${marker}${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${ciphertext.toString('base64')}`;
}

/**
 * The plaintext of a value from encryptSecret. Throws SecretDecryptionError when the value is not
 * in the v1 format, or when the tag does not match: the key is not the one it was encrypted with,
 * or the value was altered. GCM cannot tell these two apart.
 */
export function decryptSecret(stored: string, key: Buffer): string {
  checkKey(key);
  if (!stored.startsWith(marker)) {
    throw new SecretDecryptionError(
      isEncrypted(stored) ? 'stored secret uses an unsupported encryption version' : 'stored secret is not encrypted (no "enc:v1:" prefix)',
    );
  }
  const parts = stored.slice(marker.length).split(':');
  const [iv, tag, ciphertext] = parts.map((part) => (base64.test(part) ? Buffer.from(part, 'base64') : null));
  if (parts.length !== 3 || !iv || !tag || !ciphertext || iv.length !== ivBytes || tag.length !== tagBytes) {
    throw new SecretDecryptionError('stored secret is malformed: expected enc:v1:<iv>:<tag>:<ciphertext> in base64');
  }
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: tagBytes });
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch (cause) {
    throw new SecretDecryptionError(
      `could not decrypt stored secret: ${envName} is not the key it was encrypted with, or the value was altered`,
      { cause },
    );
  }
}

// createCipheriv would throw "Invalid key length" without saying which key; name it.
function checkKey(key: Buffer): void {
  if (key.length !== keyBytes) throw new Error(`encryption key must be ${keyBytes} bytes (see parseEncryptionKey), got ${key.length}`);
}
