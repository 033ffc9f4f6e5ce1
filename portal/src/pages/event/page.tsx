import { useMutation, useQuery, useSubscription } from '@urql/preact';
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { PortalAttemptFragment, PortalEventQuery } from '../../gql/graphql.ts';
import { paths } from '../../paths.ts';
import { JsonBlock } from '../../ui/copy.tsx';
import { ErrorNote } from '../../ui/errors.tsx';
import { Badge, FINAL_STATUSES } from '../../ui/status.tsx';
import { Time } from '../../ui/time.tsx';
import { useTitle } from '../../ui/title.ts';
import { useCan, useViewer } from '../../viewer.ts';
import { CancelEvent, EventLive, EventQuery, RetryEvent } from './documents.ts';

type Event = NonNullable<PortalEventQuery['event']>;
type Live = Partial<Pick<Event, 'status' | 'attemptCount' | 'nextAttemptAt' | 'lastResponseStatus' | 'errorCode' | 'errorMessage' | 'updatedAt'>>;

/** Headers added to every delivery besides the published ones shown (the gateway's own prefixed ones vary by setup). */
const ADDED_HEADERS = ['content-type', 'user-agent', 'webhook-id', 'webhook-timestamp', 'webhook-signature'];

export function EventPage({ id }: { id: string }) {
  useTitle(`Event ${id}`);
  const viewer = useViewer();
  const canRetry = useCan('RETRY');
  const [{ data, error, fetching }] = useQuery({ query: EventQuery, variables: { id } });
  const [live, setLive] = useState<Live>({});
  const [attempts, setAttempts] = useState<PortalAttemptFragment[]>([]);
  const [retry, runRetry] = useMutation(RetryEvent);
  const [cancel, runCancel] = useMutation(CancelEvent);

  // New attempts and status changes of this event, as they happen.
  useSubscription({ query: EventLive, variables: { sourceId: viewer.sourceId } }, (_previous, update) => {
    const { event, attempt } = update.deliveryStatus;
    if (event.id !== id) return update;
    const { id: _id, ...changes } = event;
    setLive((current) => ({ ...current, ...changes }));
    if (attempt) setAttempts((current) => (current.some((a) => a.id === attempt.id) ? current : [...current, attempt]));
    return update;
  });

  if (!data) {
    return fetching ? (
      <p class="loading" role="status">
        Loading the event…
      </p>
    ) : (
      <ErrorNote error={error} />
    );
  }
  if (!data.event) {
    return (
      <section>
        <h1>Event not found</h1>
        <ErrorNote error={error} />
        <p>
          <a href={paths.events}>Back to the event log</a>
        </p>
      </section>
    );
  }
  // A live update wins over the query's answer unless the answer is newer (a refetch that ran
  // after it).
  const fresher = live.updatedAt && live.updatedAt >= data.event.updatedAt;
  const event: Event = fresher ? ({ ...data.event, ...live } as Event) : data.event;
  const known = new Set(event.attempts.map((a) => a.id));
  const allAttempts = [...event.attempts, ...attempts.filter((a) => !known.has(a.id))].sort((a, b) => b.number - a.number);
  const final = FINAL_STATUSES.includes(event.status);
  const request = event.request;

  return (
    <section aria-labelledby="event-title">
      <p class="breadcrumb">
        <a href={paths.events}>← Event log</a>
      </p>
      <div class="page-head">
        <div>
          <h1 id="event-title">
            {request.eventType ?? 'Untyped event'} {event.test && <Badge tone="info">Test</Badge>}
          </h1>
          <p class="muted mono break">{event.id}</p>
        </div>
        {canRetry && (
          <div class="row-actions">
            {!final && (
              <button type="button" class="btn" onClick={() => runCancel({ id: event.id })} disabled={cancel.fetching}>
                Cancel
              </button>
            )}
            <button type="button" class="btn btn-primary" onClick={() => runRetry({ id: event.id })} disabled={!final || retry.fetching} title={final ? undefined : 'An event can be retried once it is final'}>
              {retry.fetching ? 'Retrying…' : 'Retry'}
            </button>
          </div>
        )}
      </div>
      <ErrorNote error={retry.error ?? cancel.error} />

      <div class="panel">
        <dl class="facts">
          <Fact label="Status">
            <Badge status={event.status} />
            <span class="visually-hidden" role="status" aria-live="polite">
              Status: {event.status}
            </span>
          </Fact>
          <Fact label="Endpoint" mono>{event.connection.destination.url}</Fact>
          <Fact label="Attempts">{event.attemptCount}</Fact>
          <Fact label="Created">
            <Time value={event.createdAt} both />
          </Fact>
          {event.status === 'SCHEDULED' && event.nextAttemptAt && (
            <Fact label="Next attempt">
              <Time value={event.nextAttemptAt} both />
            </Fact>
          )}
          {event.errorCode && (
            <ErrorFact code={event.errorCode} message={event.errorMessage} />
          )}
        </dl>
      </div>

      <div class="panel">
        <div class="panel-head">
          <h2>Attempts</h2>
        </div>
        {allAttempts.length === 0 ? (
          <p class="muted">No attempt yet.</p>
        ) : (
          <ol class="attempts" reversed aria-label="Attempts, newest first">
            {allAttempts.map((attempt, index) => (
              <AttemptItem key={attempt.id} attempt={attempt} open={index === 0} />
            ))}
          </ol>
        )}
      </div>

      <div class="two-columns">
        <div class="panel">
          <h2>Published request</h2>
          <dl class="facts">
            <Fact label="Type">{request.eventType ? <code>{request.eventType}</code> : '—'}</Fact>
            <Fact label="Received">
              <Time value={request.receivedAt} both />
            </Fact>
            {request.idempotencyKey && (
              <Fact label="Idempotency key" mono>{request.idempotencyKey}</Fact>
            )}
            {request.path && (
              <Fact label="Path" mono>{request.path}</Fact>
            )}
          </dl>
          <JsonBlock label="Request headers" value={request.headers} />
          <JsonBlock label="Request body" value={request.body} />
        </div>
        <div class="panel">
          <h2>Delivered</h2>
          <p class="hint">
            What your endpoint received: the body below and these headers, plus{' '}
            {ADDED_HEADERS.map((h, i) => (
              <span key={h}>
                {i > 0 && ', '}
                <code>{h}</code>
              </span>
            ))}{' '}
            and headers with the event id and the attempt number.
          </p>
          <JsonBlock label="Delivered headers" value={event.headers} />
          <JsonBlock label="Delivered body" value={event.body} />
        </div>
      </div>
    </section>
  );
}

const TRIGGER: Record<string, string> = { INITIAL: 'first attempt', AUTOMATIC: 'automatic retry', MANUAL: 'manual retry', BULK_RETRY: 'recovery' };

function AttemptItem({ attempt, open }: { attempt: PortalAttemptFragment; open: boolean }) {
  const outcome = attempt.responseStatus ? `HTTP ${attempt.responseStatus}` : attempt.errorCode;
  return (
    <li data-attempt={attempt.number} data-status={attempt.status}>
      <details class="attempt" open={open}>
        <summary>
          <span class="attempt-number">#{attempt.number}</span>
          <Badge status={attempt.status} />
          {outcome && <code>{outcome}</code>}
          <span class="attempt-meta">
            {attempt.durationMs !== null && attempt.durationMs !== undefined && `${attempt.durationMs} ms · `}
            <Time value={attempt.requestedAt} /> · {TRIGGER[attempt.trigger] ?? attempt.trigger}
          </span>
        </summary>
        <div class="attempt-body">
          <dl class="facts">
            <Fact label="Sent">
              <Time value={attempt.requestedAt} both />
            </Fact>
            <Fact label="Answered">{attempt.respondedAt ? <Time value={attempt.respondedAt} both /> : 'No answer'}</Fact>
            {attempt.errorCode && (
              <ErrorFact code={attempt.errorCode} message={attempt.errorMessage} />
            )}
          </dl>
          {attempt.responseBody !== null && attempt.responseBody !== undefined && (
            <JsonBlock label="Response body" value={prettyBody(attempt.responseBody)} />
          )}
        </div>
      </details>
    </li>
  );
}

/** A response body as text, pretty-printed when it is JSON. */
function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

/** One fact of a <dl>: its term and its value, the value in monospace for ids, URLs and paths. */
function Fact({ label, mono, children }: { label: string; mono?: boolean; children: ComponentChildren }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd class={mono ? 'mono' : undefined}>{children}</dd>
    </div>
  );
}

/** Why an event or attempt failed without a response: its stable code and the message. */
function ErrorFact({ code, message }: { code: string; message: string | null | undefined }) {
  return (
    <Fact label="Error">
      <code>{code}</code> {message}
    </Fact>
  );
}
