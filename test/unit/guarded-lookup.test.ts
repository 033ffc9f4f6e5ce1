import dns from 'node:dns';
import { describe, expect, it } from 'vitest';
import { guardedLookup } from '../../src/delivery/http/guarded-lookup.ts';
import { ALLOW_ALL_NETWORKS, PUBLIC_NETWORKS_ONLY, type NetworkPolicy } from '../../src/security/network-policy.ts';

describe('guardedLookup', () => {
  type Answer = { error: NodeJS.ErrnoException | null; address: string | dns.LookupAddress[]; family?: number };

  function lookUp(addresses: dns.LookupAddress[] | Error, options: dns.LookupOptions, policy: NetworkPolicy = PUBLIC_NETWORKS_ONLY) {
    const asked: dns.LookupAllOptions[] = [];
    const lookup = guardedLookup(policy, async (_host, lookupOptions) => {
      asked.push(lookupOptions);
      if (addresses instanceof Error) throw addresses;
      return addresses;
    });
    const answer = new Promise<Answer>((resolve) => lookup('receiver.example', options, (error, address, family) => resolve({ error, address, family })));
    return { answer, asked };
  }

  const mixed: dns.LookupAddress[] = [
    { address: '127.0.0.1', family: 4 },
    { address: '93.184.216.34', family: 4 },
    { address: 'fd00::1', family: 6 },
    { address: '2606:2800:220:1::1', family: 6 },
  ];

  it('resolves every address, keeping the family and hints asked for', async () => {
    const { answer, asked } = lookUp(mixed, { family: 6, hints: dns.ADDRCONFIG });
    await answer;
    expect(asked).toEqual([{ family: 6, hints: dns.ADDRCONFIG, all: true }]);
  });

  it('returns only the allowed addresses when net asks for all of them', async () => {
    const { answer } = lookUp(mixed, { all: true });
    expect(await answer).toEqual({
      error: null,
      address: [
        { address: '93.184.216.34', family: 4 },
        { address: '2606:2800:220:1::1', family: 6 },
      ],
      family: undefined,
    });
  });

  it('returns the first allowed address when net asks for one', async () => {
    const { answer } = lookUp(mixed, {});
    expect(await answer).toEqual({ error: null, address: '93.184.216.34', family: 4 });
  });

  it('fails with the first reason when every address is refused', async () => {
    const { answer } = lookUp([mixed[0], mixed[2]], { all: true });
    const { error } = await answer;
    expect(error?.message).toMatch(/^refused to connect to loopback address 127\.0\.0\.1;/);
  });

  it('returns every address under an allowing policy', async () => {
    const { answer } = lookUp(mixed, { all: true }, ALLOW_ALL_NETWORKS);
    expect((await answer).address).toEqual(mixed);
  });

  it('passes resolver errors on, and reports an empty answer as ENOTFOUND', async () => {
    const failure = Object.assign(new Error('getaddrinfo ENOTFOUND receiver.example'), { code: 'ENOTFOUND' });
    expect((await lookUp(failure, {}).answer).error).toBe(failure);
    expect((await lookUp([], { all: true }).answer).error).toMatchObject({ code: 'ENOTFOUND' });
  });
});
