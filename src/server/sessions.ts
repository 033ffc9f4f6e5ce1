import type { Logger } from 'pino';
import { DomainError } from '../errors.ts';
import type { Principal } from '../tenancy/principal.ts';

/** graphql-ws close codes of our own (4400-4499 are the application's, as 4401/4403 are graphql-ws's). */
export const CLOSE_AUTHENTICATION_LAPSED = 4401;
export const CLOSE_TOO_MANY_SOCKETS = 4429;

/** Something long-lived (a WebSocket, a subscription's stream) that must end when its principal does. */
export interface Session {
  principal: Principal;
  close(code: number, reason: string): void;
}

export interface SessionRegistry {
  /** Ends the session when its tenant token expires or is revoked; returns its release. */
  watch(session: Session): () => void;
  /** As watch, and counts it against its principal's socket cap: returns the refusal past it. */
  open(session: Session): (() => void) | DomainError;
  /** Stops the timers; sessions still open are their owners' to close. */
  stop(): void;
}

export interface SessionRegistryOptions {
  /** HOOKRELAY_WS_MAX_SOCKETS_PER_PRINCIPAL */
  maxSocketsPerPrincipal: number;
  /** HOOKRELAY_WS_RECHECK_MS */
  recheckMs: number;
  /** Which of these tenant tokens are still valid (Authenticator.validTokenIds). */
  validTokenIds(tokenIds: string[]): Promise<Set<string>>;
  logger: Logger;
}

/** setTimeout fires at once for delays past 2^31 - 1 ms (about 24.8 days; tokens live up to 30). */
const MAX_TIMER_MS = 2 ** 31 - 1;

const principalKey = (principal: Principal) => (principal.kind === 'admin' ? 'admin' : `token:${principal.tokenId}`);

/**
 * Open sessions per principal, ended when their tenant token expires (a timer at expiresAt) or is
 * revoked. Revocation is found by rechecking every open session's token every recheckMs, in one
 * query per process, rather than by LISTEN/NOTIFY: it needs no channel or listener of its own,
 * cannot miss a notification while a listener reconnects, and sees a token revoked by any means
 * (revokeTenantToken on another process, or SQL), at the price of up to recheckMs of delay.
 * Every operation re-authenticates as well, so a revoked token starts nothing meanwhile.
 */
export function createSessionRegistry(options: SessionRegistryOptions): SessionRegistry {
  const watched = new Map<Session, NodeJS.Timeout | undefined>();
  const sockets = new Map<string, Set<Session>>();

  // Always through a timer, never at once: a session's owner gets its release before any close.
  const closeAtExpiry = (session: Session, expiresAt: Date) => {
    const delay = Math.max(0, expiresAt.getTime() - Date.now());
    const timer = setTimeout(() => {
      if (Date.now() < expiresAt.getTime()) return closeAtExpiry(session, expiresAt);
      session.close(CLOSE_AUTHENTICATION_LAPSED, `Tenant token expired at ${expiresAt.toISOString()}: reconnect with a new one.`);
    }, Math.min(delay, MAX_TIMER_MS));
    watched.set(session, timer);
  };

  const recheck = async () => {
    const tenants = [...watched.keys()].flatMap((session) => (session.principal.kind === 'tenant' ? [{ session, tokenId: session.principal.tokenId }] : []));
    if (tenants.length === 0) return;
    let valid: Set<string>;
    try {
      valid = await options.validTokenIds([...new Set(tenants.map((tenant) => tenant.tokenId))]);
    } catch (error) {
      options.logger.warn({ err: error }, 'could not recheck the tenant tokens of open sessions; trying again at the next recheck');
      return;
    }
    for (const { session, tokenId } of tenants) {
      if (!valid.has(tokenId)) session.close(CLOSE_AUTHENTICATION_LAPSED, 'Tenant token revoked: reconnect with a new one.');
    }
  };
  const interval = setInterval(() => void recheck(), options.recheckMs);
  interval.unref();

  const watch = (session: Session) => {
    watched.set(session, undefined);
    if (session.principal.kind === 'tenant') closeAtExpiry(session, session.principal.expiresAt);
    return () => {
      clearTimeout(watched.get(session));
      watched.delete(session);
    };
  };

  return {
    watch,
    open(session) {
      const key = principalKey(session.principal);
      const open = sockets.get(key) ?? new Set<Session>();
      if (open.size >= options.maxSocketsPerPrincipal) {
        // Short: it is sent as the close reason, at most 123 bytes.
        return new DomainError('TOO_MANY_REQUESTS', `Too many sockets for this key: the limit is ${options.maxSocketsPerPrincipal} (HOOKRELAY_WS_MAX_SOCKETS_PER_PRINCIPAL); close one.`);
      }
      open.add(session);
      sockets.set(key, open);
      const unwatch = watch(session);
      return () => {
        unwatch();
        open.delete(session);
        if (open.size === 0 && sockets.get(key) === open) sockets.delete(key);
      };
    },
    stop() {
      clearInterval(interval);
      for (const timer of watched.values()) clearTimeout(timer);
      watched.clear();
    },
  };
}
