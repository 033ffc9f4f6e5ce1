import { createHmac, createSecretKey, randomBytes } from 'node:crypto';
import { itself, kept } from '../kept.ts';

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
  body: string | Uint8Array;
}): string {
  // The body's exact bytes: a raw (REST) body need not be UTF-8 text; text is hashed as UTF-8.
  const hmac = createHmac('sha256', signingKey(input.secret)).update(`${input.messageId}.${input.timestampSeconds}.`, 'utf8');
  const signature = (typeof input.body === 'string' ? hmac.update(input.body, 'utf8') : hmac.update(input.body)).digest('base64');
  return `v1,${signature}`;
}

/**
 * Keys by secret, decoded once: every attempt signs, and checking and decoding the secret each time
 * was a fifth of the signing's samples. Bounded; the secrets are the ones deliveries are using.
 */
const signingKey = kept((secret: string) => createSecretKey(decodeSigningSecret(secret)), { max: 1_000, keyOf: itself });

/**
 * The `webhook-signature` header signed with every secret given, in order, space-separated. The
 * spec allows several signatures so that during a secret rotation a receiver still holding the
 * previous secret and one already holding the new secret both verify. Throws on an empty list:
 * an unsigned request must not look signed.
 */
export function signStandardWebhookWithSecrets(input: {
  secrets: readonly string[];
  messageId: string;
  timestampSeconds: number;
  body: string | Uint8Array;
}): string {
  if (input.secrets.length === 0) throw new Error('at least one signing secret is required');
  const { messageId, timestampSeconds, body } = input;
  // A secret listed twice would only repeat its signature.
  return [...new Set(input.secrets)].map((secret) => signStandardWebhook({ secret, messageId, timestampSeconds, body })).join(' ');
}

/**
 * The HMAC key of a Standard Webhooks secret: the base64 after the optional `whsec_` prefix.
 * Throws on anything else, so a mistyped secret fails loudly instead of signing with a wrong key.
 */
export function decodeSigningSecret(secret: string): Buffer {
  const key = decodeKey(secret.startsWith(prefix) ? secret.slice(prefix.length) : secret);
  if (key === null || key.length === 0) throw new Error('signing secret must be non-empty base64, optionally prefixed with "whsec_"');
  return key;
}

function decodeKey(encoded: string): Buffer | null {
  return base64.test(encoded) ? Buffer.from(encoded, 'base64') : null;
}
