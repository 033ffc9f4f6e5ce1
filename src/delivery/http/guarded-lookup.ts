import dns from 'node:dns';
import net from 'node:net';
import { blockedReason, type NetworkPolicy } from '../../security/network-policy.ts';

/** Thrown inside the connection's lookup, so the refusal reaches send() like any connect error. */
export class SsrfBlockedError extends Error {
  constructor(reason: string) {
    super(`refused to connect to ${reason}; set HOOKRELAY_ALLOW_PRIVATE_NETWORKS=true or a CIDR allowlist to allow it`);
    this.name = 'SsrfBlockedError';
  }
}

/** The refusal for a URL whose host is an IP literal the policy blocks; net.connect skips `lookup` for those. */
export function refusedLiteral(url: string, policy: NetworkPolicy): SsrfBlockedError | null {
  if (policy.allowPrivate || !URL.canParse(url)) return null;
  // WHATWG URL parsing already turned "0x7f.1" or "2130706433" into 127.0.0.1; IPv6 keeps brackets.
  const host = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
  if (net.isIP(host) === 0) return null;
  const reason = blockedReason(host, policy);
  return reason ? new SsrfBlockedError(reason) : null;
}

/** Resolves every address of a host name, like dns.lookup with `all: true`. */
export type ResolveAll = (hostname: string, options: dns.LookupAllOptions) => Promise<dns.LookupAddress[]>;

/**
 * A net.connect `lookup` that resolves like the default one, then drops every address the policy
 * refuses. The socket connects to an address this function returned, so the address checked is
 * the address used: no second resolution a rebinding DNS server could answer differently. Fails
 * with an SSRF_BLOCKED error when no address is left.
 */
export function guardedLookup(
  policy: NetworkPolicy,
  resolve: ResolveAll = (host, lookupOptions) => dns.promises.lookup(host, lookupOptions),
): net.LookupFunction {
  return (hostname, lookupOptions, callback) => {
    resolve(hostname, { ...lookupOptions, all: true })
      .then((addresses) => {
        const reasons = addresses.map(({ address }) => blockedReason(address, policy));
        const allowed = addresses.filter((_, i) => reasons[i] === null);
        if (allowed.length > 0) return allowed;
        const firstReason = reasons.find((reason) => reason !== null);
        if (firstReason) throw new SsrfBlockedError(firstReason);
        // getaddrinfo reports "no address" as ENOTFOUND rather than an empty list; match that.
        throw Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' });
      })
      .then(
        // With autoSelectFamily (Node's default) net asks for every address and races them.
        (allowed) => (lookupOptions.all ? callback(null, allowed) : callback(null, allowed[0].address, allowed[0].family)),
        (error: NodeJS.ErrnoException) => callback(error, []),
      );
  };
}
