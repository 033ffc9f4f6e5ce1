import { describe, expect, it } from 'vitest';
import { attemptDelivery } from '../../src/delivery/attempt.ts';
import type { SendRequest } from '../../src/delivery/http/sender.ts';
import { attemptDeps, claimedEvent } from '../helpers/delivery-fixtures.ts';

const event = claimedEvent();

/** Deps whose sender answers `status` and keeps what it was asked to send. */
function answering(status: number) {
  const sent: SendRequest[] = [];
  const deps = attemptDeps(async (request) => {
    sent.push(request);
    return { kind: 'response', status, body: '', durationMs: 1, respondedAt: new Date() };
  });
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
