import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import {
  decodeSigningSecret,
  generateSecret,
  isValidSecret,
  signStandardWebhook,
  signStandardWebhookWithSecrets,
} from '../../src/signing/standard-webhooks.ts';

// The reference library is the judge: our signatures must verify with it, not with our own code.
function verify(secret: string, messageId: string, timestampSeconds: number, body: string, signature: string): unknown {
  return new Webhook(secret).verify(body, {
    'webhook-id': messageId,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': signature,
  });
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('generateSecret', () => {
  it('is whsec_ + base64 of 32 bytes, and different every time', () => {
    const a = generateSecret();
    const b = generateSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(a.slice(6), 'base64')).toHaveLength(32);
    expect(a).not.toBe(b);
    expect(isValidSecret(a)).toBe(true);
  });
});

describe('signStandardWebhook', () => {
  const bodies: [string, string][] = [
    ['ASCII JSON', JSON.stringify({ type: 'order.created', id: 1001 })],
    ['accents and CJK', JSON.stringify({ name: 'Zoë Ærøskøbing', city: '東京' })],
    ['emoji (astral plane)', JSON.stringify({ text: 'ship it 🚀👩‍💻' })],
    ['escaped and raw control characters', JSON.stringify({ text: 'a\nb\t"c"\\ \u2028' })],
    ['empty body', ''],
  ];

  it.each(bodies)('verifies with the standardwebhooks package: %s', (_label, body) => {
    const secret = generateSecret();
    const timestampSeconds = nowSeconds();
    const signature = signStandardWebhook({ secret, messageId: 'evt_1', timestampSeconds, body });
    expect(signature).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(() => verify(secret, 'evt_1', timestampSeconds, body, signature)).not.toThrow();
  });

  it('verifies for a secret without the whsec_ prefix (the prefix is optional)', () => {
    const bare = randomBytes(24).toString('base64');
    const timestampSeconds = nowSeconds();
    const signature = signStandardWebhook({ secret: bare, messageId: 'm', timestampSeconds, body: '{}' });
    expect(() => verify(bare, 'm', timestampSeconds, '{}', signature)).not.toThrow();
    expect(signStandardWebhook({ secret: `whsec_${bare}`, messageId: 'm', timestampSeconds, body: '{}' })).toBe(signature);
  });

  it('matches the example in the Standard Webhooks spec', () => {
    // https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
    expect(
      signStandardWebhook({
        secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        messageId: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
        timestampSeconds: 1614265330,
        body: '{"test": 2432232314}',
      }),
    ).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it.each([
    ['another id', { messageId: 'evt_2' }],
    ['another timestamp', { timestampSeconds: nowSeconds() - 1 }],
    ['another body', { body: '{"a":2}' }],
    ['another secret', { secret: generateSecret() }],
  ])('does not verify when signed over %s', (_label, change) => {
    const secret = generateSecret();
    const timestampSeconds = nowSeconds();
    const signature = signStandardWebhook({ secret, messageId: 'evt_1', timestampSeconds, body: '{"a":1}', ...change });
    expect(() => verify(secret, 'evt_1', timestampSeconds, '{"a":1}', signature)).toThrow(/No matching signature/);
  });

  it.each(['', 'whsec_', 'whsec_not base64!', 'whsec_abc'])('throws on a secret that is not base64: %j', (secret) => {
    expect(() => signStandardWebhook({ secret, messageId: 'm', timestampSeconds: 1, body: '' })).toThrow(/base64/);
  });
});

describe('isValidSecret', () => {
  const ofBytes = (n: number) => `whsec_${randomBytes(n).toString('base64')}`;

  it.each([
    ['24 bytes', ofBytes(24), true],
    ['32 bytes', ofBytes(32), true],
    ['64 bytes', ofBytes(64), true],
    ['the spec example (24 bytes)', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', true],
    ['23 bytes', ofBytes(23), false],
    ['65 bytes', ofBytes(65), false],
    ['no prefix', randomBytes(32).toString('base64'), false],
    ['wrong prefix case', `WHSEC_${randomBytes(32).toString('base64')}`, false],
    ['only the prefix', 'whsec_', false],
    ['empty', '', false],
    ['base64url alphabet', `whsec_${'-_'.repeat(22)}AA==`, false],
    ['missing padding', ofBytes(32).replace(/=+$/, ''), false],
    ['whitespace inside', `whsec_${randomBytes(32).toString('base64').replace(/^(.{8})/, '$1 ')}`, false],
    ['trailing newline', `${ofBytes(32)}\n`, false],
  ])('%s -> %s', (_label, secret, expected) => {
    expect(isValidSecret(secret)).toBe(expected);
  });
});

describe('signStandardWebhookWithSecrets', () => {
  const message = { messageId: 'evt_1', timestampSeconds: nowSeconds(), body: '{"a":1}' };

  it('holds one signature per secret, space-separated, each verifying with the standardwebhooks package', () => {
    const current = generateSecret();
    const previous = generateSecret();
    const header = signStandardWebhookWithSecrets({ secrets: [current, previous], ...message });
    expect(header.split(' ')).toEqual([
      signStandardWebhook({ secret: current, ...message }),
      signStandardWebhook({ secret: previous, ...message }),
    ]);
    for (const secret of [current, previous]) {
      expect(() => verify(secret, message.messageId, message.timestampSeconds, message.body, header)).not.toThrow();
    }
    expect(() => verify(generateSecret(), message.messageId, message.timestampSeconds, message.body, header)).toThrow(
      /No matching signature/,
    );
  });

  it('signs once per distinct secret', () => {
    const secret = generateSecret();
    expect(signStandardWebhookWithSecrets({ secrets: [secret, secret], ...message })).toBe(signStandardWebhook({ secret, ...message }));
  });

  it('throws on an empty list rather than returning an empty signature', () => {
    expect(() => signStandardWebhookWithSecrets({ secrets: [], ...message })).toThrow(/at least one/);
  });
});

describe('decodeSigningSecret', () => {
  it('decodes the base64 after the optional whsec_ prefix', () => {
    const bytes = randomBytes(32);
    expect(decodeSigningSecret(`whsec_${bytes.toString('base64')}`)).toEqual(bytes);
    expect(decodeSigningSecret(bytes.toString('base64'))).toEqual(bytes);
  });

  it.each(['', 'whsec_', 'whsec_not base64!'])('throws on %j', (secret) => {
    expect(() => decodeSigningSecret(secret)).toThrow(/base64/);
  });
});
