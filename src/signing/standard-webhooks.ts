import { createHmac, randomBytes } from 'node:crypto';

/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com/, "Signature scheme"): an
 * HMAC-SHA256 over `${id}.${timestamp}.${body}`, keyed with the base64-decoded secret.
 */
const prefix = 'whsec_';

// Buffer.from(s, 'base64') silently skips characters outside the alphabet, so a typo in a secret
// would yield a different key instead of an error; check the shape first.
const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** 32 random bytes, the size the spec recommends (it allows 24 to 64). */
export function generateSecret(): string {
  return prefix + randomBytes(32).toString('base64');
}

/** Whether a user-supplied secret is one we accept: `whsec_` + base64 of 24 to 64 bytes. */
export function isValidSecret(secret: string): boolean {
  if (!secret.startsWith(prefix)) return false;
  const key = decodeKey(secret.slice(prefix.length));
  return key !== null && key.length >= 24 && key.length <= 64;
}

/**
 * The value of the `webhook-signature` header. The `whsec_` prefix is optional, as in the
 * reference libraries. Throws on a secret that is not base64, which isValidSecret rules out.
 */
export function signStandardWebhook(input: {
  secret: string;
  messageId: string;
  timestampSeconds: number;
  body: string;
}): string {
  const encoded = input.secret.startsWith(prefix) ? input.secret.slice(prefix.length) : input.secret;
  const key = decodeKey(encoded);
  if (key === null || key.length === 0) throw new Error('signing secret must be non-empty base64, optionally prefixed with "whsec_"');
  const signature = createHmac('sha256', key)
    .update(`${input.messageId}.${input.timestampSeconds}.${input.body}`, 'utf8')
    .digest('base64');
  return `v1,${signature}`;
}

function decodeKey(encoded: string): Buffer | null {
  return base64.test(encoded) ? Buffer.from(encoded, 'base64') : null;
}
