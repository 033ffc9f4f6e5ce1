import type { AuthStrategy } from '../generated/prisma/client.ts';
import { DEFAULT_CUSTOM_SIGNATURE_HEADER, type DestinationAuth } from './build-request.ts';

/** Opens secrets sealed at rest (destinations/secret-box.ts implements it). */
export interface SecretOpener {
  open(sealed: string): string;
}

/** The destination columns that say how a delivery authenticates. */
export interface StoredAuth {
  authStrategy: AuthStrategy;
  secret: string | null;
  headerName: string | null;
  username: string | null;
  credential: string | null;
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
}

/**
 * What one delivery signs or sends: the current secret, plus the previous one while a rotation's
 * grace period lasts (receivers verifying with either secret keep working).
 */
export function deliveryAuth(stored: StoredAuth, box: SecretOpener, now: Date): DestinationAuth {
  const secrets = () => {
    const list = stored.secret ? [box.open(stored.secret)] : [];
    if (stored.previousSecret && stored.previousSecretExpiresAt && stored.previousSecretExpiresAt > now) {
      list.push(box.open(stored.previousSecret));
    }
    return list;
  };
  const credential = () => (stored.credential ? box.open(stored.credential) : '');
  switch (stored.authStrategy) {
    case 'STANDARD_WEBHOOKS':
      return { strategy: 'STANDARD_WEBHOOKS', secrets: secrets() };
    case 'CUSTOM_SIGNATURE':
      return { strategy: 'CUSTOM_SIGNATURE', secrets: secrets(), headerName: stored.headerName ?? DEFAULT_CUSTOM_SIGNATURE_HEADER };
    case 'BASIC':
      return { strategy: 'BASIC', username: stored.username ?? '', password: credential() };
    case 'BEARER':
      return { strategy: 'BEARER', token: credential() };
    case 'API_KEY':
      return { strategy: 'API_KEY', headerName: stored.headerName ?? '', value: credential() };
    case 'NONE':
      return { strategy: 'NONE' };
  }
}

export const SIGNING_STRATEGIES: ReadonlySet<AuthStrategy> = new Set(['STANDARD_WEBHOOKS', 'CUSTOM_SIGNATURE']);
