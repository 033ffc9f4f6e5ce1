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
  const policy: NetworkPolicy = { allowPrivate: false, allowCidrs };
  const invalid = (entry: string) =>
    new Error(`HOOKRELAY_ALLOW_PRIVATE_NETWORKS entry ${JSON.stringify(entry)} is not a CIDR range; ${acceptedForms}`);
  allowlists.set(policy, rangesOf(allowCidrs, invalid));
  return policy;
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
  const rule = rules.find(({ ranges }) => contains(ranges, effective));
  if (!rule) return null;
  const allowlist = allowlistOf(policy);
  if (contains(allowlist, effective) || contains(allowlist, literal)) return null;
  return embedded ? `${rule.label} ${effective.text} (as ${literal.text})` : `${rule.label} ${effective.text}`;
}

type Family = 'ipv4' | 'ipv6';

/** An address in canonical text: dotted IPv4, or IPv6 in RFC 5952 form. */
interface Address {
  family: Family;
  text: string;
}

/**
 * One BlockList a family, each holding only ranges of its own family: a BlockList matches an IPv4
 * address against IPv6 ranges through its IPv4-mapped form and back, so mixing them would put
 * every IPv4 address inside ::/3, and 127.0.0.1 inside an allowed ::ffff:127.0.0.1/128.
 */
type Ranges = Record<Family, net.BlockList>;

function contains(ranges: Ranges, address: Address): boolean {
  return ranges[address.family].check(address.text, address.family);
}

/** Throws `invalid(entry)` for the first entry that is not a CIDR. */
function rangesOf(cidrs: readonly string[], invalid: (entry: string) => Error): Ranges {
  const ranges: Ranges = { ipv4: new net.BlockList(), ipv6: new net.BlockList() };
  for (const cidr of cidrs) {
    const subnet = parseCidr(cidr);
    if (!subnet) throw invalid(cidr);
    ranges[subnet.family].addSubnet(subnet.address, subnet.prefix, subnet.family);
  }
  return ranges;
}

/** "a.b.c.d/n" or "x:y::z/n"; a bare address is a range of one. Null when invalid. */
function parseCidr(text: string): { address: string; prefix: number; family: Family } | null {
  const [address, prefixText, extra] = text.split('/');
  const family = familyOf(address);
  if (!family || extra !== undefined || address.includes('%')) return null;
  const max = family === 'ipv4' ? 32 : 128;
  if (prefixText === undefined) return { address, prefix: max, family };
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > max) return null;
  return { address, prefix: Number(prefixText), family };
}

function familyOf(text: string): Family | null {
  const version = net.isIP(text);
  return version === 4 ? 'ipv4' : version === 6 ? 'ipv6' : null;
}

const builtIn = (entry: string) => new Error(`invalid built-in CIDR ${entry}`);

/**
 * Compiled once a policy: parseNetworkPolicy stores its allowlist here as it validates it, and a
 * policy made by hand is compiled on its first check.
 */
const allowlists = new WeakMap<NetworkPolicy, Ranges>();

function allowlistOf(policy: Extract<NetworkPolicy, { allowPrivate: false }>): Ranges {
  const known = allowlists.get(policy);
  if (known) return known;
  const invalid = (entry: string) => new Error(`invalid CIDR ${JSON.stringify(entry)} in network policy; ${acceptedForms}`);
  const compiled = rangesOf(policy.allowCidrs, invalid);
  allowlists.set(policy, compiled);
  return compiled;
}

/** First match wins, so a label whose ranges lie inside another label's comes before it. */
const rules: { label: string; ranges: Ranges }[] = (
  [
    ['unspecified address', ['0.0.0.0/32', '::/128']],
    ['"this network" address', ['0.0.0.0/8']],
    ['private address', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']],
    ['shared (CGNAT) address', ['100.64.0.0/10']],
    ['loopback address', ['127.0.0.0/8', '::1/128']],
    ['cloud metadata address', ['169.254.169.254/32']],
    ['link-local address', ['169.254.0.0/16', 'fe80::/10']],
    ['IETF protocol assignment address', ['192.0.0.0/24']],
    ['documentation address', ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24', '2001:db8::/32', '3fff::/20']],
    ['benchmarking address', ['198.18.0.0/15']],
    ['multicast address', ['224.0.0.0/4', 'ff00::/8']],
    ['broadcast address', ['255.255.255.255/32']],
    // The deprecated IPv4-compatible form (::a.b.c.d) is not routed to the IPv4 host; none is public.
    ['IPv4-compatible address', ['::/96']],
    ['discard-only address', ['100::/64']],
    ['unique local (private) address', ['fc00::/7']],
    ['site-local address', ['fec0::/10']],
    // Public unicast is all inside 2000::/3 (RFC 4291 section 2.4, IANA's IPv6 address space
    // registry); the rest is unassigned or special, and reaching it is never a receiver's intent.
    ['reserved address', ['240.0.0.0/4', '::/3', '4000::/2', '8000::/1']],
  ] as const
).map(([label, cidrs]) => ({ label, ranges: rangesOf(cidrs, builtIn) }));

/** IPv6 prefixes whose addresses stand for an IPv4 address, and the 16-bit group where it starts. */
const ipv4Carriers: { ranges: Ranges; group: number }[] = [
  { ranges: rangesOf(['::ffff:0:0/96'], builtIn), group: 6 }, // IPv4-mapped (RFC 4291)
  { ranges: rangesOf(['64:ff9b::/96'], builtIn), group: 6 }, // NAT64 well-known prefix (RFC 6052)
  { ranges: rangesOf(['2002::/16'], builtIn), group: 1 }, // 6to4 (RFC 3056)
];

function embeddedIpv4(address: Address): Address | null {
  if (address.family === 'ipv4') return null;
  const carrier = ipv4Carriers.find(({ ranges }) => contains(ranges, address));
  if (!carrier) return null;
  const [high, low] = ipv6Groups(address.text).slice(carrier.group, carrier.group + 2);
  return { family: 'ipv4', text: [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.') };
}

function parseAddress(text: string): Address | null {
  // URL hosts keep IPv6 brackets; link-local results may carry a zone ("fe80::1%eth0").
  const bare = text.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const family = familyOf(bare);
  // net.isIP takes only plain dotted decimal for IPv4, which is already canonical. The WHATWG URL
  // serializer writes an IPv6 host in RFC 5952 form: lower case, no leading zeros, the first
  // longest run of zero groups compressed, never a dotted IPv4 tail.
  if (family === 'ipv6') return { family, text: new URL(`http://[${bare}]`).hostname.slice(1, -1) };
  return family ? { family, text: bare } : null;
}

/** The eight 16-bit groups of an IPv6 address in canonical form. */
function ipv6Groups(canonical: string): number[] {
  const [head, rest] = canonical.split('::');
  const groupsOf = (part: string | undefined) => (part ? part.split(':').map((group) => parseInt(group, 16)) : []);
  const left = groupsOf(head);
  const right = groupsOf(rest);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}
