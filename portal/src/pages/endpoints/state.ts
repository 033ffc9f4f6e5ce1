import type { PortalEndpointFragment } from '../../gql/graphql.ts';

export type Endpoint = PortalEndpointFragment;

export type EndpointState =
  | { kind: 'disabled'; since: string; reason: string | null }
  | { kind: 'paused'; since: string }
  | { kind: 'failing'; since: string; failures: number }
  | { kind: 'active' };

/** Disabled wins over paused (nothing goes out either way, but enabling is what it needs first). */
export function endpointState(endpoint: Endpoint): EndpointState {
  const d = endpoint.destination;
  if (d.disabledAt) return { kind: 'disabled', since: d.disabledAt, reason: d.disabledReason ?? null };
  if (endpoint.pausedAt) return { kind: 'paused', since: endpoint.pausedAt };
  if (d.failingSince) return { kind: 'failing', since: d.failingSince, failures: d.consecutiveFailures };
  return { kind: 'active' };
}

export const percent = (rate: number | null | undefined) => (rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(rate >= 0.9995 || rate === 0 ? 0 : 1)}%`);
export const millis = (ms: number | null | undefined) => (ms === null || ms === undefined ? '—' : ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);

/** The signing schemes that have a secret to reveal and rotate. */
export const SIGNED = new Set(['STANDARD_WEBHOOKS', 'CUSTOM_SIGNATURE']);
