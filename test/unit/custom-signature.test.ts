import { createHmac, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  customSignature,
  customSignatureHeader,
  customSignatureKey,
  verifyCustomSignature,
} from '../../src/signing/custom-signature.ts';
import { generateSecret } from '../../src/signing/standard-webhooks.ts';

// The expected values are computed here with node:crypto, so the tests state the scheme itself.
const hmacBase64 = (key: Buffer, body: Buffer) => createHmac('sha256', key).update(body).digest('base64');

describe('customSignatureKey', () => {
  it('uses a plain secret as its UTF-8 bytes', () => {
    expect(customSignatureKey('pässwörd')).toEqual(Buffer.from('pässwörd', 'utf8'));
  });

  it('decodes a whsec_ secret as base64', () => {
    const secret = generateSecret();
    expect(customSignatureKey(secret)).toEqual(Buffer.from(secret.slice(6), 'base64'));
  });

  it.each([
    ['empty', ''],
    ['whsec_ alone', 'whsec_'],
    ['whsec_ that is not base64', 'whsec_not base64!'],
  ])('throws on a secret that is %s', (_label, secret) => {
    expect(() => customSignatureKey(secret)).toThrow(/secret/);
  });
});

describe('customSignature', () => {
  it('is the base64 HMAC-SHA256 of the body bytes', () => {
    const body = JSON.stringify({ name: 'Zoë', city: '東京', emoji: '🚀' });
    expect(customSignature('k', body)).toBe(hmacBase64(Buffer.from('k'), Buffer.from(body, 'utf8')));
    expect(customSignature('k', body)).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it('signs a string and its UTF-8 bytes alike', () => {
    const body = '{"a":"ü"}';
    expect(customSignature('k', Buffer.from(body, 'utf8'))).toBe(customSignature('k', body));
  });

  it('matches a fixed vector (RFC 4231 test case 2, in base64)', () => {
    // HMAC-SHA256(key "Jefe", "what do ya want for nothing?") = 5bdcc146bf60754e6a042426089575c7...
    expect(Buffer.from(customSignature('Jefe', 'what do ya want for nothing?'), 'base64').toString('hex')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });
});

describe('customSignatureHeader', () => {
  it('is one signature per secret, comma-separated, in order, without repeats', () => {
    expect(customSignatureHeader(['a', 'b', 'a'], 'body')).toBe(`${customSignature('a', 'body')},${customSignature('b', 'body')}`);
    expect(customSignatureHeader(['a'], 'body')).toBe(customSignature('a', 'body'));
  });

  it('throws without a secret', () => {
    expect(() => customSignatureHeader([], 'body')).toThrow(/at least one/);
  });
});

describe('verifyCustomSignature', () => {
  it('accepts any matching entry and ignores blanks around entries', () => {
    const header = `${customSignature('old', 'b')} , ${customSignature('new', 'b')}`;
    expect(verifyCustomSignature('old', 'b', header)).toBe(true);
    expect(verifyCustomSignature('new', 'b', header)).toBe(true);
  });

  it.each([
    ['another secret', () => customSignature('other', 'b')],
    ['another body', () => customSignature('k', 'c')],
    ['a truncated signature', () => customSignature('k', 'b').slice(0, -2)],
    ['an empty header', () => ''],
    ['garbage', () => 'not,a,signature'],
  ])('rejects %s', (_label, header) => {
    expect(verifyCustomSignature('k', 'b', header())).toBe(false);
  });

  it('verifies what it signs for any body and secret (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary', minLength: 1 }), (body, secret) => {
        // A secret starting with whsec_ must be base64; the generator almost never makes one.
        fc.pre(!secret.startsWith('whsec_'));
        expect(verifyCustomSignature(secret, body, customSignatureHeader([secret, 'rotated'], body))).toBe(true);
        expect(verifyCustomSignature(secret, `${body} `, customSignature(secret, body))).toBe(false);
      }),
    );
  });

  it('works with binary bodies', () => {
    const body = randomBytes(64);
    expect(verifyCustomSignature('k', body, customSignature('k', body))).toBe(true);
  });
});
