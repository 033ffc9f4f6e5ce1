import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SecretDecryptionError,
  decryptSecret,
  encryptSecret,
  generateEncryptionKey,
  isEncrypted,
  parseEncryptionKey,
} from '../../src/security/encryption.ts';

const key = parseEncryptionKey(generateEncryptionKey());

/** Flips one bit of the decoded part at `index` (0 iv, 1 tag, 2 ciphertext) and re-encodes it. */
function tamper(stored: string, index: number): string {
  const parts = stored.slice('enc:v1:'.length).split(':');
  const bytes = Buffer.from(parts[index], 'base64');
  bytes[0] ^= 1;
  parts[index] = bytes.toString('base64');
  return `enc:v1:${parts.join(':')}`;
}

/** Keeps 12 of the tag's 16 bytes: GCM would accept a short tag unless told its length. */
function truncateTag(stored: string): string {
  const [iv, tag, ciphertext] = stored.slice('enc:v1:'.length).split(':');
  return `enc:v1:${iv}:${Buffer.from(tag, 'base64').subarray(0, 12).toString('base64')}:${ciphertext}`;
}

describe('encryptSecret / decryptSecret', () => {
  it.each([
    ['a whsec_ secret', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
    ['an empty string', ''],
    ['non-ASCII text', 'pässwörd 東京 🚀'],
    ['text with colons', 'user:pass:enc:v1:x'],
    ['a long value', 'x'.repeat(10_000)],
  ])('round-trips %s', (_label, plain) => {
    const stored = encryptSecret(plain, key);
    expect(stored).toMatch(/^enc:v1:[A-Za-z0-9+/]{16}:[A-Za-z0-9+/]{22}==:[A-Za-z0-9+/]*=*$/);
    expect(stored).not.toContain(plain || 'never');
    expect(decryptSecret(stored, key)).toBe(plain);
  });

  it('round-trips any string (property)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (plain) => decryptSecret(encryptSecret(plain, key), key) === plain));
  });

  it('uses a fresh IV every time, so the same secret encrypts differently', () => {
    const a = encryptSecret('same', key);
    const b = encryptSecret('same', key);
    expect(a).not.toBe(b);
    expect(a.split(':')[2]).not.toBe(b.split(':')[2]);
    expect(decryptSecret(a, key)).toBe(decryptSecret(b, key));
  });

  it.each([
    ['the IV', 0],
    ['the tag', 1],
    ['the ciphertext', 2],
  ])('detects a change to %s', (_label, index) => {
    const stored = encryptSecret('secret value', key);
    expect(() => decryptSecret(tamper(stored, index), key)).toThrow(SecretDecryptionError);
    expect(() => decryptSecret(tamper(stored, index), key)).toThrow(/HOOKRELAY_ENCRYPTION_KEY.*or the value was altered/);
  });

  it('refuses another key with a clear error', () => {
    const stored = encryptSecret('secret value', key);
    const other = parseEncryptionKey(generateEncryptionKey());
    expect(() => decryptSecret(stored, other)).toThrow(SecretDecryptionError);
    expect(() => decryptSecret(stored, other)).toThrow(/not the key it was encrypted with/);
  });

  it.each([
    ['plaintext', 'whsec_abc', /not encrypted/],
    ['another version', 'enc:v2:AAAA:AAAA:AAAA', /unsupported encryption version/],
    ['too few parts', 'enc:v1:AAAA:AAAA', /malformed/],
    ['too many parts', `${encryptSecret('x', key)}:AAAA`, /malformed/],
    ['non-base64 parts', 'enc:v1:not base64:AAAA:AAAA', /malformed/],
    ['a short IV', `enc:v1:AAAA:${Buffer.alloc(16).toString('base64')}:AAAA`, /malformed/],
    ['a truncated tag', truncateTag(encryptSecret('x', key)), /malformed/],
  ])('refuses %s', (_label, stored, message) => {
    expect(() => decryptSecret(stored, key)).toThrow(SecretDecryptionError);
    expect(() => decryptSecret(stored, key)).toThrow(message);
  });

  it('refuses a key of the wrong size, saying so', () => {
    expect(() => encryptSecret('x', randomBytes(16))).toThrow(/32 bytes.*got 16/);
    expect(() => decryptSecret(encryptSecret('x', key), randomBytes(31))).toThrow(/32 bytes.*got 31/);
  });
});

describe('isEncrypted', () => {
  it.each([
    [encryptSecret('x', key), true],
    ['enc:v2:anything', true],
    ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', false],
    ['', false],
    ['ENC:v1:x', false],
  ])('%j -> %s', (stored, expected) => {
    expect(isEncrypted(stored)).toBe(expected);
  });
});

describe('generateEncryptionKey', () => {
  it('is base64 of 32 random bytes that parseEncryptionKey accepts', () => {
    const a = generateEncryptionKey();
    expect(a).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(parseEncryptionKey(a)).toHaveLength(32);
    expect(generateEncryptionKey()).not.toBe(a);
  });
});

describe('parseEncryptionKey', () => {
  const bytes = randomBytes(32);

  it.each([
    ['base64', bytes.toString('base64')],
    ['lower-case hex', bytes.toString('hex')],
    ['upper-case hex', bytes.toString('hex').toUpperCase()],
    ['base64 with a trailing newline', `${bytes.toString('base64')}\n`],
    ['hex with surrounding blanks', `  ${bytes.toString('hex')} `],
  ])('accepts %s', (_label, value) => {
    expect(parseEncryptionKey(value)).toEqual(bytes);
  });

  it.each([
    ['empty', ''],
    ['16 bytes of base64', randomBytes(16).toString('base64')],
    ['64 bytes of base64', randomBytes(64).toString('base64')],
    ['63 hex characters', bytes.toString('hex').slice(1)],
    ['66 hex characters', `${bytes.toString('hex')}00`],
    ['base64url', bytes.toString('base64url')],
    ['base64 without padding', bytes.toString('base64').replace(/=+$/, '')],
    ['a passphrase', 'correct horse battery staple correct horse!!'],
  ])('refuses %s, naming the variable and the accepted forms', (_label, value) => {
    expect(() => parseEncryptionKey(value)).toThrow(/HOOKRELAY_ENCRYPTION_KEY must be 32 bytes.*base64.*64 hex characters/);
  });

  it('never puts the value in the error', () => {
    const value = `${bytes.toString('hex')}ff`;
    expect(() => parseEncryptionKey(value)).toThrow(expect.objectContaining({ message: expect.not.stringContaining(value) }));
  });
});
