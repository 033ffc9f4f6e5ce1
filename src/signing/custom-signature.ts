import { createHmac, timingSafeEqual } from 'node:crypto';
import { decodeSigningSecret } from './standard-webhooks.ts';

/**
 * The CUSTOM_SIGNATURE scheme, for receivers built for a single HMAC header (the shape Shopify's
 * `X-Shopify-Hmac-Sha256` uses) rather than Standard Webhooks: the header holds the base64
 * HMAC-SHA256 of the exact body bytes, nothing else. No id or timestamp is signed, so it gives no
 * replay protection; receivers that need it should use STANDARD_WEBHOOKS.
 *
 * Keys: a secret starting with `whsec_` is base64 key bytes, so a secret generated for Standard
 * Webhooks works unchanged and a receiver library decoding it agrees with us; any other string is
 * used as its UTF-8 bytes, which is what receivers do with a secret pasted into their code.
 *
 * Rotation: with several secrets (current first, then previous ones still valid) the header holds
 * one signature per secret, comma-separated (`<sig1>,<sig2>`). Base64 never contains a comma, so
 * the list is unambiguous; a receiver accepts the request when any entry matches its secret.
 * Outside a rotation the caller passes only the current secret and the header is a plain
 * signature, exactly what single-HMAC receivers expect.
 */
const whsecPrefix = 'whsec_';

/**
 * The HMAC key for a secret, as described above. Throws on an empty secret (an HMAC keyed with
 * nothing authenticates nothing) and on a `whsec_` secret that is not base64, rather than falling
 * back to its UTF-8 bytes and signing with a key the receiver does not hold.
 */
export function customSignatureKey(secret: string): Buffer {
  if (secret.startsWith(whsecPrefix)) return decodeSigningSecret(secret);
  if (secret.length === 0) throw new Error('custom signature secret must not be empty');
  return Buffer.from(secret, 'utf8');
}

/** Base64 HMAC-SHA256 of `body` (a string is signed as its UTF-8 bytes, as it is sent). */
export function customSignature(secret: string, body: string | Uint8Array): string {
  const hmac = createHmac('sha256', customSignatureKey(secret));
  return (typeof body === 'string' ? hmac.update(body, 'utf8') : hmac.update(body)).digest('base64');
}

/** The header value: one signature per secret, in the order given, comma-separated. */
export function customSignatureHeader(secrets: readonly string[], body: string | Uint8Array): string {
  if (secrets.length === 0) throw new Error('at least one signing secret is required');
  return [...new Set(secrets)].map((secret) => customSignature(secret, body)).join(',');
}

/**
 * What a receiver does: true when any comma-separated entry of `headerValue` is the signature of
 * `body` with `secret`. Compares in constant time so response timing leaks no prefix of the
 * expected signature. Blanks around entries are ignored; a malformed header is simply false.
 */
export function verifyCustomSignature(secret: string, body: string | Uint8Array, headerValue: string): boolean {
  const expected = Buffer.from(customSignature(secret, body), 'utf8');
  return headerValue.split(',').some((entry) => {
    const candidate = Buffer.from(entry.trim(), 'utf8');
    return candidate.length === expected.length && timingSafeEqual(candidate, expected);
  });
}
