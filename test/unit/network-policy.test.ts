import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALLOW_ALL_NETWORKS,
  blockedReason,
  parseNetworkPolicy,
  PUBLIC_NETWORKS_ONLY,
  type NetworkPolicy,
} from '../../src/security/network-policy.ts';

const block = PUBLIC_NETWORKS_ONLY;

describe('blockedReason with the default policy', () => {
  it.each([
    ['0.0.0.0', 'unspecified address 0.0.0.0'],
    ['0.1.2.3', '"this network" address 0.1.2.3'],
    ['10.0.0.1', 'private address 10.0.0.1'],
    ['10.255.255.255', 'private address 10.255.255.255'],
    ['100.64.0.1', 'shared (CGNAT) address 100.64.0.1'],
    ['100.127.255.255', 'shared (CGNAT) address 100.127.255.255'],
    ['127.0.0.1', 'loopback address 127.0.0.1'],
    ['127.255.255.254', 'loopback address 127.255.255.254'],
    ['169.254.169.254', 'cloud metadata address 169.254.169.254'],
    ['169.254.0.1', 'link-local address 169.254.0.1'],
    ['172.16.0.1', 'private address 172.16.0.1'],
    ['172.31.255.255', 'private address 172.31.255.255'],
    ['192.0.0.8', 'IETF protocol assignment address 192.0.0.8'],
    ['192.0.2.1', 'documentation address 192.0.2.1'],
    ['192.168.1.1', 'private address 192.168.1.1'],
    ['198.18.0.1', 'benchmarking address 198.18.0.1'],
    ['198.19.255.255', 'benchmarking address 198.19.255.255'],
    ['198.51.100.7', 'documentation address 198.51.100.7'],
    ['203.0.113.9', 'documentation address 203.0.113.9'],
    ['224.0.0.1', 'multicast address 224.0.0.1'],
    ['239.255.255.250', 'multicast address 239.255.255.250'],
    ['240.0.0.1', 'reserved address 240.0.0.1'],
    ['255.255.255.254', 'reserved address 255.255.255.254'],
    ['255.255.255.255', 'broadcast address 255.255.255.255'],
  ])('refuses IPv4 %s', (address, reason) => {
    expect(blockedReason(address, block)).toBe(reason);
  });

  it.each([
    ['::', 'unspecified address ::'],
    ['::1', 'loopback address ::1'],
    ['0:0:0:0:0:0:0:1', 'loopback address ::1'],
    ['[::1]', 'loopback address ::1'],
    ['::7f00:1', 'IPv4-compatible address ::7f00:1'],
    ['::8.8.8.8', 'IPv4-compatible address ::808:808'],
    ['100::1', 'discard-only address 100::1'],
    ['2001:db8::1', 'documentation address 2001:db8::1'],
    ['3fff::1', 'documentation address 3fff::1'],
    ['fc00::1', 'unique local (private) address fc00::1'],
    ['fd00:ec2::254', 'unique local (private) address fd00:ec2::254'],
    ['fe80::1', 'link-local address fe80::1'],
    ['fe80::1%eth0', 'link-local address fe80::1'],
    ['febf:ffff::1', 'link-local address febf:ffff::1'],
    ['fec0::1', 'site-local address fec0::1'],
    ['ff02::1', 'multicast address ff02::1'],
    ['FF05::1:3', 'multicast address ff05::1:3'],
    ['1000::1', 'reserved address 1000::1'],
    ['4000::1', 'reserved address 4000::1'],
    ['fe00::1', 'reserved address fe00::1'],
  ])('refuses IPv6 %s', (address, reason) => {
    expect(blockedReason(address, block)).toBe(reason);
  });

  it.each([
    ['::ffff:127.0.0.1', 'loopback address 127.0.0.1 (as ::ffff:7f00:1)'],
    ['::ffff:7f00:1', 'loopback address 127.0.0.1 (as ::ffff:7f00:1)'],
    ['::FFFF:7F00:0001', 'loopback address 127.0.0.1 (as ::ffff:7f00:1)'],
    ['0:0:0:0:0:ffff:127.0.0.1', 'loopback address 127.0.0.1 (as ::ffff:7f00:1)'],
    ['[::ffff:7f00:1]', 'loopback address 127.0.0.1 (as ::ffff:7f00:1)'],
    ['::ffff:0.0.0.0', 'unspecified address 0.0.0.0 (as ::ffff:0:0)'],
    ['::ffff:10.1.2.3', 'private address 10.1.2.3 (as ::ffff:a01:203)'],
    ['::ffff:a9fe:a9fe', 'cloud metadata address 169.254.169.254 (as ::ffff:a9fe:a9fe)'],
    ['::ffff:100.64.0.1', 'shared (CGNAT) address 100.64.0.1 (as ::ffff:6440:1)'],
    ['64:ff9b::127.0.0.1', 'loopback address 127.0.0.1 (as 64:ff9b::7f00:1)'],
    ['64:ff9b::c0a8:101', 'private address 192.168.1.1 (as 64:ff9b::c0a8:101)'],
    ['2002:7f00:1::', 'loopback address 127.0.0.1 (as 2002:7f00:1::)'],
    ['2002:a9fe:a9fe::1', 'cloud metadata address 169.254.169.254 (as 2002:a9fe:a9fe::1)'],
  ])('refuses %s by the IPv4 address it carries', (address, reason) => {
    expect(blockedReason(address, block)).toBe(reason);
  });

  it.each([
    '1.1.1.1',
    '8.8.8.8',
    '93.184.216.34',
    '9.255.255.255',
    '11.0.0.0',
    '100.63.255.255',
    '100.128.0.0',
    '126.255.255.255',
    '128.0.0.0',
    '169.253.255.255',
    '169.255.0.0',
    '172.15.255.255',
    '172.32.0.0',
    '192.0.1.1',
    '192.0.3.0',
    '192.167.255.255',
    '192.169.0.0',
    '198.17.255.255',
    '198.20.0.0',
    '223.255.255.255',
    '2606:4700:4700::1111',
    '2001:4860:4860::8888',
    '2001:db9::1',
    '3ffe::1',
    '::ffff:8.8.8.8',
    '::ffff:808:808',
    '64:ff9b::8.8.8.8',
    '2002:808:808::1',
  ])('allows public %s', (address) => {
    expect(blockedReason(address, block)).toBeNull();
  });

  it.each(['localhost', '', '1.2.3', '256.0.0.1', '::1::', 'example.com'])('refuses %j, which is not an address', (text) => {
    expect(blockedReason(text, block)).toMatch(/^invalid address/);
  });

  const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));
  const hex = ([a, b, c, d]: [number, number, number, number]) => `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;

  it('judges an IPv4-mapped or NAT64 address like the IPv4 address it carries', () => {
    fc.assert(
      fc.property(ipv4, (octets) => {
        const dotted = octets.join('.');
        const expected = blockedReason(dotted, block);
        for (const form of [`::ffff:${dotted}`, `::ffff:${hex(octets)}`, `64:ff9b::${dotted}`, `64:ff9b::${hex(octets)}`]) {
          const reason = blockedReason(form, block);
          expect(reason === null ? null : reason.replace(/ \(as .*\)$/, '')).toBe(expected);
        }
      }),
    );
  });
});

describe('blockedReason with an allowlist', () => {
  const policy = parseNetworkPolicy('10.0.0.0/8, 127.0.0.1/32, ::1/128, fd00::/8');

  it.each([
    ['10.1.2.3', null],
    ['127.0.0.1', null],
    ['::ffff:127.0.0.1', null],
    ['64:ff9b::7f00:1', null],
    ['::1', null],
    ['fd12::1', null],
    ['8.8.8.8', null],
    ['127.0.0.2', 'loopback address 127.0.0.2'],
    ['192.168.1.1', 'private address 192.168.1.1'],
    ['169.254.169.254', 'cloud metadata address 169.254.169.254'],
    ['fc00::1', 'unique local (private) address fc00::1'],
    ['fe80::1', 'link-local address fe80::1'],
  ])('%s -> %s', (address, reason) => {
    expect(blockedReason(address, policy)).toBe(reason);
  });

  it('matches an IPv4-mapped entry against the literal address too', () => {
    const mapped = parseNetworkPolicy('::ffff:127.0.0.1/128');
    expect(blockedReason('::ffff:7f00:1', mapped)).toBeNull();
    expect(blockedReason('127.0.0.1', mapped)).toBe('loopback address 127.0.0.1');
  });

  it('takes a bare address as a range of one and honours any prefix length', () => {
    expect(blockedReason('192.168.1.1', parseNetworkPolicy('192.168.1.1'))).toBeNull();
    expect(blockedReason('192.168.1.2', parseNetworkPolicy('192.168.1.1'))).not.toBeNull();
    expect(blockedReason('172.20.0.1', parseNetworkPolicy('172.20.0.0/14'))).toBeNull();
    expect(blockedReason('172.24.0.1', parseNetworkPolicy('172.20.0.0/14'))).not.toBeNull();
    expect(blockedReason('169.254.169.254', parseNetworkPolicy('0.0.0.0/0'))).toBeNull();
    expect(blockedReason('fe80::1', parseNetworkPolicy('::/0'))).toBeNull();
  });

  it('allows everything when private networks are allowed', () => {
    for (const address of ['127.0.0.1', '169.254.169.254', '::1', '::ffff:10.0.0.1', 'fe80::1', 'not an address']) {
      expect(blockedReason(address, ALLOW_ALL_NETWORKS)).toBeNull();
    }
  });

  it('throws on an invalid CIDR in a hand-made policy', () => {
    const policy: NetworkPolicy = { allowPrivate: false, allowCidrs: ['10.0.0.0/99'] };
    expect(() => blockedReason('10.0.0.1', policy)).toThrow(/10\.0\.0\.0\/99/);
  });
});

describe('parseNetworkPolicy', () => {
  it.each([undefined, '', '  ', 'false', 'FALSE', ' false '])('blocks non-public addresses for %j', (value) => {
    expect(parseNetworkPolicy(value)).toEqual({ allowPrivate: false, allowCidrs: [] });
  });

  it.each(['true', 'TRUE', ' True '])('allows everything for %j', (value) => {
    expect(parseNetworkPolicy(value)).toEqual({ allowPrivate: true });
  });

  it('reads a comma-separated CIDR list, trimming each entry', () => {
    expect(parseNetworkPolicy('10.0.0.0/8, 127.0.0.1/32 ,::1/128,192.168.1.10')).toEqual({
      allowPrivate: false,
      allowCidrs: ['10.0.0.0/8', '127.0.0.1/32', '::1/128', '192.168.1.10'],
    });
  });

  it.each([
    ['yes', 'yes'],
    ['1', '1'],
    ['10.0.0.0/33', '10.0.0.0/33'],
    ['::1/129', '::1/129'],
    ['10.0.0/8', '10.0.0/8'],
    ['10.0.0.0/8/8', '10.0.0.0/8/8'],
    ['10.0.0.0/-1', '10.0.0.0/-1'],
    ['10.0.0.0/', '10.0.0.0/'],
    ['10.0.0.0/ 8', '10.0.0.0/ 8'],
    ['fe80::1%eth0/64', 'fe80::1%eth0/64'],
    ['localhost', 'localhost'],
    ['10.0.0.0/8,', ''],
    ['true,10.0.0.0/8', 'true'],
    ['10.0.0.0/8;127.0.0.1/32', '10.0.0.0/8;127.0.0.1/32'],
  ])('rejects %j, naming %j and the accepted forms', (value, entry) => {
    expect(() => parseNetworkPolicy(value)).toThrow(`HOOKRELAY_ALLOW_PRIVATE_NETWORKS entry ${JSON.stringify(entry)} is not a CIDR range`);
    expect(() => parseNetworkPolicy(value)).toThrow(/"true" to allow every address, "false" .* e\.g\. "10\.0\.0\.0\/8,127\.0\.0\.1\/32,::1\/128"/);
  });
});
