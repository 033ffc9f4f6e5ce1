import type { AttemptDeps, ClaimedEvent } from '../../src/delivery/attempt.ts';
import type { HttpSender } from '../../src/delivery/http/sender.ts';

/** A claimed event of source acme to https://receiver.example/hook, due now, with `overrides`. */
export function claimedEvent(overrides: Partial<ClaimedEvent> = {}): ClaimedEvent {
  return {
    id: 'evt_01jattempt',
    sourceId: 'src_a',
    sourceName: 'acme',
    connectionId: 'con_a',
    attemptCount: 0,
    pendingTrigger: null,
    createdAt: new Date(),
    seq: '1',
    nextAttemptAt: new Date(),
    bodyText: '{"n":1}',
    body: null,
    headers: null,
    requestHeaders: { 'user-agent': 'acme-backend/9' },
    rawBody: null,
    requestBodyText: null,
    requestBody: null,
    ordered: false,
    retryStrategy: 'LINEAR',
    retryCount: 5,
    retryIntervalMs: 1_000,
    retryStatusCodes: [],
    probing: false,
    test: false,
    destination: { id: 'des_a', url: 'https://receiver.example/hook', rateLimit: null, headers: {}, authStrategy: 'NONE', secret: null, headerName: null, username: null, credential: null, previousSecret: null, previousSecretExpiresAt: null },
    ...overrides,
  };
}

/** Attempt dependencies around `send`, secrets stored in the clear. */
export function attemptDeps(send: HttpSender['send']): AttemptDeps {
  return {
    sender: { send, close: async () => {}, destroy: async () => {} },
    secrets: { open: (sealed) => sealed },
    headerPrefix: 'x-hookrelay-',
    userAgent: 'Hookrelay/9.9.9',
    maxRetryAfterMs: 60_000,
  };
}
