import { describe, expect, it } from 'vitest';
import { disableReason, summarizeHealth, type HealthInput } from '../../src/destinations/failure-policy.ts';

let clock = 0;
const attempt = (overrides: Partial<HealthInput>): HealthInput => ({
  connectionId: 'con_a',
  sourceId: 'src_a',
  destinationId: 'des_a',
  succeeded: false,
  trigger: 'INITIAL',
  finishedAt: new Date(++clock * 1000),
  responseStatus: 500,
  errorCode: null,
  ...overrides,
});

describe('summarizeHealth', () => {
  it('counts failed events once however often they are retried', () => {
    const { connections, destinations } = summarizeHealth([
      attempt({}),
      attempt({ trigger: 'AUTOMATIC' }),
      attempt({ trigger: 'AUTOMATIC', responseStatus: null, errorCode: 'TIMEOUT' }),
      attempt({ trigger: 'BULK_RETRY' }),
    ]);
    expect(destinations).toEqual([{ destinationId: 'des_a', recovered: false, failedEvents: 2, firstFailureAt: new Date(clock * 1000 - 3000), gone: false }]);
    expect(connections[0]).toMatchObject({ recovered: false, failures: 4, lastResponseStatus: 500, lastErrorCode: null });
  });

  it('takes the order attempts finished in, not the order given: a late success resets the streak', () => {
    const early = attempt({});
    const success = attempt({ succeeded: true, responseStatus: 200 });
    const late = attempt({});
    const { connections, destinations } = summarizeHealth([late, success, early]);
    expect(connections[0]).toMatchObject({ recovered: true, failures: 1, firstFailureAt: late.finishedAt, lastFailureAt: late.finishedAt });
    expect(destinations[0]).toMatchObject({ recovered: true, failedEvents: 1, firstFailureAt: late.finishedAt });
  });

  it('ends healthy when the last attempt succeeded', () => {
    const { connections, destinations } = summarizeHealth([attempt({}), attempt({ succeeded: true, responseStatus: 204 })]);
    expect(connections[0]).toMatchObject({ recovered: true, failures: 0, firstFailureAt: null, lastResponseStatus: null });
    expect(destinations[0]).toMatchObject({ recovered: true, failedEvents: 0, firstFailureAt: null });
  });

  it('marks a destination whose receiver answered 410 Gone, even when a later attempt succeeded', () => {
    const { destinations } = summarizeHealth([attempt({ responseStatus: 410 }), attempt({ succeeded: true, responseStatus: 200 })]);
    expect(destinations[0]).toMatchObject({ gone: true, recovered: true });
    expect(summarizeHealth([attempt({ responseStatus: 404 })]).destinations[0]?.gone).toBe(false);
  });

  it('keeps connections and destinations apart', () => {
    const { connections, destinations } = summarizeHealth([
      attempt({ connectionId: 'con_a', destinationId: 'des_a' }),
      attempt({ connectionId: 'con_b', destinationId: 'des_b', succeeded: true, responseStatus: 200 }),
    ]);
    expect(connections.map((c) => [c.connectionId, c.failures, c.recovered])).toEqual([
      ['con_a', 1, false],
      ['con_b', 0, true],
    ]);
    expect(destinations.map((d) => [d.destinationId, d.failedEvents])).toEqual([
      ['des_a', 1],
      ['des_b', 0],
    ]);
  });
});

describe('disableReason', () => {
  const policy = { afterFailures: 20, afterMs: 60_000 };
  const now = 1_000_000;

  it('disables at the failure count, not before', () => {
    expect(disableReason({ consecutiveFailures: 19, failingSince: new Date(now - 1_000), gone: false }, policy, now)).toBeNull();
    expect(disableReason({ consecutiveFailures: 20, failingSince: new Date(now - 1_000), gone: false }, policy, now)).toBe('20 consecutive events failed');
  });

  it('disables after failing for the configured time, even with few failed events', () => {
    expect(disableReason({ consecutiveFailures: 1, failingSince: new Date(now - 59_999), gone: false }, policy, now)).toBeNull();
    expect(disableReason({ consecutiveFailures: 1, failingSince: new Date(now - 60_000), gone: false }, policy, now)).toMatch(/^every delivery failed since /);
  });

  it('disables at the first 410 Gone, whatever the rules say', () => {
    const gone = { consecutiveFailures: 1, failingSince: new Date(now), gone: true };
    expect(disableReason(gone, policy, now)).toBe('the receiver answered 410 Gone');
    expect(disableReason(gone, { afterFailures: 0, afterMs: 0 }, now)).toBe('the receiver answered 410 Gone');
  });

  it('never disables when both rules are 0', () => {
    expect(disableReason({ consecutiveFailures: 10_000, failingSince: new Date(0), gone: false }, { afterFailures: 0, afterMs: 0 }, now)).toBeNull();
  });
});
