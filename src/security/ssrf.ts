import net from 'node:net';

/**
 * Which addresses deliveries may connect to. Receivers are given by tenants, so by default only
 * public addresses are allowed: otherwise a destination URL could reach the gateway's own network,
 * its loopback services or a cloud metadata endpoint (server-side request forgery).
 */
export type NetworkPolicy =
  | { allowPrivate: true }
  /** Non-public addresses are refused unless one of `allowCidrs` (e.g. "10.0.0.0/8", "::1/128") contains them. */
  | { allowPrivate: false; allowCidrs: readonly string[] };

export const ALLOW_ALL_NETWORKS: NetworkPolicy = { allowPrivate: true };
export const PUBLIC_NETWORKS_ONLY: NetworkPolicy = { allowPrivate: false, allowCidrs: [] };

const acceptedForms =
  'use "true" to allow every address, "false" to allow public addresses only, or a comma-separated list of ' +
  'CIDR ranges or addresses to allow besides public ones, e.g. "10.0.0.0/8,127.0.0.1/32,::1/128"';

/**
 * Reads the HOOKRELAY_ALLOW_PRIVATE_NETWORKS value: unset, empty or "false" blocks every non-public
 * address; "true" allows everything; otherwise a comma-separated list of CIDRs (a bare address
 * means that one address) allowed while the rest stays blocked. Throws on anything else, naming
 * the bad entry.
 */
export function parseNetworkPolicy(value: string | undefined): NetworkPolicy {
  const text = value?.trim() ?? '';
  if (text === '' || text.toLowerCase() === 'false') return PUBLIC_NETWORKS_ONLY;
  if (text.toLowerCase() === 'true') return ALLOW_ALL_NETWORKS;
  const allowCidrs = text.split(',').map((entry) => entry.trim());
  for (const entry of allowCidrs) {
    if (parseCidr(entry)) continue;
    throw new Error(`HOOKRELAY_ALLOW_PRIVATE_NETWORKS entry ${JSON.stringify(entry)} is not a CIDR range; ${acceptedForms}`);
  }
  return { allowPrivate: false, allowCidrs };
}

/**
 * Why the policy refuses a connection to `address` (an IPv4 or IPv6 literal, brackets and zone
 * allowed), e.g. "loopback address 127.0.0.1"; null when it may be connected to. Text that is not
 * an IP address is refused too: callers pass resolved addresses, so anything else is a bug.
 * Throws when the policy holds an invalid CIDR (parseNetworkPolicy never builds one).
 */
export function blockedReason(address: string, policy: NetworkPolicy): string | null {
  if (policy.allowPrivate) return null;
  const literal = parseAddress(address);
  if (!literal) return `invalid address ${JSON.stringify(address)}`;
  // IPv6 forms that carry an IPv4 address reach that IPv4 host, so the IPv4 rules decide.
  const embedded = embeddedIpv4(literal);
  const effective = embedded ?? literal;
  const rule = rules.find((candidate) => contains(candidate.range, effective));
  if (!rule) return null;
  const allowed = policy.allowCidrs.some((text) => {
    const range = parseCidr(text);
    if (!range) throw new Error(`invalid CIDR ${JSON.stringify(text)} in network policy; ${acceptedForms}`);
    return contains(range, effective) || contains(range, literal);
  });
  if (allowed) return null;
  const shown = format(effective);
  return embedded ? `${rule.label} ${shown} (as ${format(literal)})` : `${rule.label} ${shown}`;
}

interface Address {
  family: 4 | 6;
  bytes: Uint8Array;
}

interface Range extends Address {
  prefix: number;
}

/** First match wins, so narrower ranges come before the ranges that contain them. */
const rules: { range: Range; label: string }[] = (
  [
    ['0.0.0.0/32', 'unspecified address'],
    ['0.0.0.0/8', '"this network" address'],
    ['10.0.0.0/8', 'private address'],
    ['100.64.0.0/10', 'shared (CGNAT) address'],
    ['127.0.0.0/8', 'loopback address'],
    ['169.254.169.254/32', 'cloud metadata address'],
    ['169.254.0.0/16', 'link-local address'],
    ['172.16.0.0/12', 'private address'],
    ['192.0.0.0/24', 'IETF protocol assignment address'],
    ['192.0.2.0/24', 'documentation address'],
    ['192.168.0.0/16', 'private address'],
    ['198.18.0.0/15', 'benchmarking address'],
    ['198.51.100.0/24', 'documentation address'],
    ['203.0.113.0/24', 'documentation address'],
    ['224.0.0.0/4', 'multicast address'],
    ['255.255.255.255/32', 'broadcast address'],
    ['240.0.0.0/4', 'reserved address'],
    ['::/128', 'unspecified address'],
    ['::1/128', 'loopback address'],
    // The deprecated IPv4-compatible form (::a.b.c.d) is not routed to the IPv4 host; none is public.
    ['::/96', 'IPv4-compatible address'],
    ['100::/64', 'discard-only address'],
    ['2001:db8::/32', 'documentation address'],
    ['fc00::/7', 'unique local (private) address'],
    ['fe80::/10', 'link-local address'],
    ['fec0::/10', 'site-local address'],
    ['ff00::/8', 'multicast address'],
    ['3fff::/20', 'documentation address'],
    // Public unicast is all inside 2000::/3 (RFC 4291 section 2.4, IANA's IPv6 address space
    // registry); the rest is unassigned or special, and reaching it is never a receiver's intent.
    ['::/3', 'reserved address'],
    ['4000::/2', 'reserved address'],
    ['8000::/1', 'reserved address'],
  ] as const
).map(([cidr, label]) => ({ range: mustParseCidr(cidr), label }));

/** IPv6 prefixes whose addresses stand for an IPv4 address, and where in the 16 bytes it sits. */
const ipv4Carriers: { range: Range; offset: number }[] = [
  { range: mustParseCidr('::ffff:0:0/96'), offset: 12 }, // IPv4-mapped (RFC 4291)
  { range: mustParseCidr('64:ff9b::/96'), offset: 12 }, // NAT64 well-known prefix (RFC 6052)
  { range: mustParseCidr('2002::/16'), offset: 2 }, // 6to4 (RFC 3056)
];

function embeddedIpv4(address: Address): Address | null {
  if (address.family === 4) return null;
  const carrier = ipv4Carriers.find(({ range }) => contains(range, address));
  if (!carrier) return null;
  return { family: 4, bytes: address.bytes.slice(carrier.offset, carrier.offset + 4) };
}

function contains(range: Range, address: Address): boolean {
  if (range.family !== address.family) return false;
  const whole = Math.floor(range.prefix / 8);
  for (let i = 0; i < whole; i++) if (range.bytes[i] !== address.bytes[i]) return false;
  const bits = range.prefix % 8;
  if (bits === 0) return true;
  const mask = (0xff << (8 - bits)) & 0xff;
  return (range.bytes[whole] & mask) === (address.bytes[whole] & mask);
}

/** "a.b.c.d/n" or "x:y::z/n"; a bare address is a range of one. Null when invalid. */
function parseCidr(text: string): Range | null {
  const [addressText, prefixText, extra] = text.split('/');
  if (extra !== undefined || addressText.includes('%')) return null;
  const address = parseAddress(addressText);
  if (!address) return null;
  const max = address.family === 4 ? 32 : 128;
  if (prefixText === undefined) return { ...address, prefix: max };
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > max) return null;
  return { ...address, prefix: Number(prefixText) };
}

function mustParseCidr(text: string): Range {
  const range = parseCidr(text);
  if (!range) throw new Error(`invalid built-in CIDR ${text}`);
  return range;
}

function parseAddress(text: string): Address | null {
  // URL hosts keep IPv6 brackets; link-local results may carry a zone ("fe80::1%eth0").
  const bare = text.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const family = net.isIP(bare);
  if (family === 4) return { family, bytes: Uint8Array.from(bare.split('.').map(Number)) };
  if (family === 6) return { family, bytes: ipv6Bytes(bare) };
  return null;
}

/** Bytes of an address net.isIP accepted as IPv6, so its shape needs no further checks. */
function ipv6Bytes(text: string): Uint8Array {
  // A dotted IPv4 tail ("::ffff:127.0.0.1") is the last two groups.
  const tail = text.slice(text.lastIndexOf(':') + 1);
  const hex = tail.includes('.')
    ? text.slice(0, text.length - tail.length) + dottedToGroups(tail)
    : text;
  const [head, rest] = hex.split('::');
  const groupsOf = (part: string | undefined) => (part ? part.split(':').map((group) => parseInt(group, 16)) : []);
  const left = groupsOf(head);
  const right = groupsOf(rest);
  const groups = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  return Uint8Array.from(groups.flatMap((group) => [group >> 8, group & 0xff]));
}

function dottedToGroups(dotted: string): string {
  const [a, b, c, d] = dotted.split('.').map(Number);
  return `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
}

function format(address: Address): string {
  if (address.family === 4) return address.bytes.join('.');
  const groups = Array.from({ length: 8 }, (_, i) => (address.bytes[2 * i] << 8) | address.bytes[2 * i + 1]);
  // RFC 5952: compress the longest run of two or more zero groups, the first one on a tie.
  let best = { start: -1, length: 1 };
  for (let start = 0; start < 8; ) {
    let end = start;
    while (end < 8 && groups[end] === 0) end++;
    if (end - start > best.length) best = { start, length: end - start };
    start = end === start ? start + 1 : end;
  }
  const hex = groups.map((group) => group.toString(16));
  if (best.start < 0) return hex.join(':');
  return `${hex.slice(0, best.start).join(':')}::${hex.slice(best.start + best.length).join(':')}`;
}
