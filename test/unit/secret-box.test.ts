import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/prisma.ts';
import { loadSecretBox } from '../../src/destinations/secret-box.ts';

// With a configured key the box never reads the database.
const noDatabase = {} as Db;
const key = Buffer.alloc(32, 3).toString('base64');

describe('SecretBox', () => {
  it('opens what it sealed, every time, past the bound of the secrets it keeps opened', async () => {
    const box = await loadSecretBox(noDatabase, key, pino({ level: 'silent' }));
    const sealed = Array.from({ length: 1_500 }, (_, i) => [`whsec_${i}`, box.seal(`whsec_${i}`)] as const);
    for (let round = 0; round < 2; round++) {
      for (const [plain, stored] of sealed) expect(box.open(stored)).toBe(plain);
    }
    expect(box.open('whsec_legacy-plain')).toBe('whsec_legacy-plain');
  });

  it('refuses a secret sealed under another key, even one it has opened under its own', async () => {
    const box = await loadSecretBox(noDatabase, key, pino({ level: 'silent' }));
    const other = await loadSecretBox(noDatabase, Buffer.alloc(32, 4).toString('base64'), pino({ level: 'silent' }));
    const stored = box.seal('whsec_a');
    expect(box.open(stored)).toBe('whsec_a');
    expect(() => other.open(stored)).toThrow();
  });
});
