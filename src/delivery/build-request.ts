import { signStandardWebhook } from '../signing/standard-webhooks.ts';

export interface DeliveryRequestInput {
  url: string;
  eventId: string;
  /** 1-based; 1 is the initial attempt. */
  attemptNumber: number;
  sourceName: string;
  auth: { strategy: 'STANDARD_WEBHOOKS' | 'NONE'; secret: string | null };
  /** Headers the publisher asked us to forward. */
  publishedHeaders: Record<string, string>;
  /** The published JSON body. */
  body: unknown;
  now: Date;
}

export interface DeliveryRequest {
  url: string;
  /** Lower-cased names. */
  headers: Record<string, string>;
  body: string;
}

/**
 * Headers that describe one hop or the framing of the publisher's own request, not the event:
 * forwarding them would corrupt our request (RFC 9110 section 7.6.1). The body is re-serialized,
 * so a content-encoding the publisher declared would no longer describe it either.
 */
const unforwardable = new Set([
  'host',
  'content-length',
  'content-encoding',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'expect',
]);

/**
 * `webhook-*` is the Standard Webhooks namespace and ours alone, even when we do not sign: a
 * receiver must never see a signature we did not make.
 */
const isForwardable = (name: string) =>
  !unforwardable.has(name) && !name.startsWith('proxy-') && !name.startsWith('webhook-');

/**
 * The HTTP request for one attempt. Pure: the clock comes in as `now`, so a retry is the same
 * request except for the attempt number, timestamp and signature. Our headers are set last so a
 * publisher cannot override them.
 */
export function buildDeliveryRequest(input: DeliveryRequestInput): DeliveryRequest {
  const body = JSON.stringify(input.body);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.publishedHeaders)) {
    const lower = name.toLowerCase();
    if (isForwardable(lower)) headers[lower] = value;
  }
  headers['content-type'] = 'application/json';
  headers['x-hookrelay-event-id'] = input.eventId;
  headers['x-hookrelay-attempt'] = String(input.attemptNumber);
  headers['x-hookrelay-source-name'] = input.sourceName;

  if (input.auth.strategy === 'STANDARD_WEBHOOKS') {
    if (input.auth.secret === null) {
      throw new Error(`destination of event ${input.eventId} uses STANDARD_WEBHOOKS but has no signing secret`);
    }
    // The event id is the message id: the same on every retry, so receivers can deduplicate.
    const timestampSeconds = Math.floor(input.now.getTime() / 1000);
    headers['webhook-id'] = input.eventId;
    headers['webhook-timestamp'] = String(timestampSeconds);
    headers['webhook-signature'] = signStandardWebhook({
      secret: input.auth.secret,
      messageId: input.eventId,
      timestampSeconds,
      body,
    });
  }
  return { url: input.url, headers, body };
}
