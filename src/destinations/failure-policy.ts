import { GONE_STATUS } from '../delivery/attempt.ts';
import type { ConnectionHealth } from '../issues/issues.sql.ts';

/**
 * Destination and connection health from a batch of attempt outcomes: pure, so the rules are
 * tested without a database. record-outcomes.ts applies the result in SQL.
 */
export interface HealthInput {
  connectionId: string;
  sourceId: string;
  destinationId: string;
  succeeded: boolean;
  /** Automatic retries of an event that already failed do not count it again. */
  trigger: 'INITIAL' | 'AUTOMATIC' | 'MANUAL' | 'BULK_RETRY';
  finishedAt: Date;
  responseStatus: number | null;
  errorCode: string | null;
}

export interface DestinationHealth {
  destinationId: string;
  /** A delivery succeeded: the failure streak restarts from the failures after it. */
  recovered: boolean;
  /** Failed events after the last success, each counted once however often it is retried. */
  failedEvents: number;
  /** First failure after the last success; null when none. */
  firstFailureAt: Date | null;
  /** The receiver answered 410 Gone: it asks for no more deliveries. */
  gone: boolean;
}

export function summarizeHealth(inputs: HealthInput[]): { connections: ConnectionHealth[]; destinations: DestinationHealth[] } {
  const ordered = [...inputs].sort((a, b) => a.finishedAt.getTime() - b.finishedAt.getTime());
  const connections = new Map<string, ConnectionHealth>();
  const destinations = new Map<string, DestinationHealth>();
  for (const input of ordered) {
    const connection = connections.get(input.connectionId) ?? {
      connectionId: input.connectionId,
      sourceId: input.sourceId,
      recovered: false,
      failures: 0,
      firstFailureAt: null,
      lastFailureAt: null,
      lastResponseStatus: null,
      lastErrorCode: null,
    };
    const destination = destinations.get(input.destinationId) ?? { destinationId: input.destinationId, recovered: false, failedEvents: 0, firstFailureAt: null, gone: false };
    destination.gone ||= input.responseStatus === GONE_STATUS;
    if (input.succeeded) {
      Object.assign(connection, { recovered: true, failures: 0, firstFailureAt: null, lastFailureAt: null, lastResponseStatus: null, lastErrorCode: null });
      Object.assign(destination, { recovered: true, failedEvents: 0, firstFailureAt: null });
    } else {
      connection.failures += 1;
      connection.firstFailureAt ??= input.finishedAt;
      connection.lastFailureAt = input.finishedAt;
      connection.lastResponseStatus = input.responseStatus;
      connection.lastErrorCode = input.errorCode;
      if (input.trigger !== 'AUTOMATIC') destination.failedEvents += 1;
      destination.firstFailureAt ??= input.finishedAt;
    }
    connections.set(input.connectionId, connection);
    destinations.set(input.destinationId, destination);
  }
  return { connections: [...connections.values()], destinations: [...destinations.values()] };
}

export interface DisablePolicy {
  /** Consecutive failed events that disable a destination; 0 never does. */
  afterFailures: number;
  /** How long failing without a single success disables a destination; 0 never does. */
  afterMs: number;
}

/**
 * Why a destination should be disabled now, or null while it may go on. A 410 Gone disables it at
 * once, whatever the policy: Standard Webhooks asks senders to stop delivering to such an endpoint.
 */
export function disableReason(
  destination: { consecutiveFailures: number; failingSince: Date | null; gone: boolean },
  policy: DisablePolicy,
  now: number,
): string | null {
  if (destination.gone) return `the receiver answered ${GONE_STATUS} Gone`;
  if (policy.afterFailures > 0 && destination.consecutiveFailures >= policy.afterFailures) {
    return `${destination.consecutiveFailures} consecutive events failed`;
  }
  if (policy.afterMs > 0 && destination.failingSince && now - destination.failingSince.getTime() >= policy.afterMs) {
    return `every delivery failed since ${destination.failingSince.toISOString()}`;
  }
  return null;
}
