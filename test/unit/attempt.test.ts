import { describe, expect, it } from 'vitest';
import { attemptDelivery, type AttemptDeps, type ClaimedEvent } from '../../src/delivery/attempt.ts';
import type { SendRequest } from '../../src/delivery/http/sender.ts';

const event: ClaimedEvent = {
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
};

/** Deps whose sender answers `status` and keeps what it was asked to send. */
function answering(status: number) {
  const sent: SendRequest[] = [];
  const deps: AttemptDeps = {
    sender: {
      send: async (request) => {
        sent.push(request);
        return { kind: 'response', status, body: '', durationMs: 1, respondedAt: new Date() };
      },
      close: async () => {},
      destroy: async () => {},
    },
    secrets: { open: (sealed) => sealed },
    headerPrefix: 'x-hookrelay-',
    userAgent: 'Hookrelay/9.9.9',
    maxRetryAfterMs: 60_000,
  };
  return { deps, sent };
}

describe('attemptDelivery', () => {
  it('does not retry a 410 Gone, whatever the retry rule allows', async () => {
    const record = await attemptDelivery(answering(410).deps, event);
    expect(record).toMatchObject({ succeeded: false, responseStatus: 410, eventStatus: 'FAILED', nextAttemptAt: null });
  });

  it('retries other failures as the rule says', async () => {
    expect(await attemptDelivery(answering(404).deps, event)).toMatchObject({ eventStatus: 'SCHEDULED' });
  });

  it("sends the configured user-agent, not the publisher's", async () => {
    const { deps, sent } = answering(200);
    await attemptDelivery(deps, event);
    expect(sent[0]?.headers['user-agent']).toBe('Hookrelay/9.9.9');
  });
});
