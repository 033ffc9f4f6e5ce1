import type { RequestPolicy } from '@urql/core';
import { useClient, useMutation, useQuery, useSubscription } from '@urql/preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { paths } from '../../paths.ts';
import { ErrorNote, messages } from '../../ui/errors.tsx';
import { Badge, FINAL_STATUSES } from '../../ui/status.tsx';
import { Time } from '../../ui/time.tsx';
import { useTitle } from '../../ui/title.ts';
import { useCan, useViewer } from '../../viewer.ts';
import { EndpointsQuery, EndpointDeliveries, SendTestEvent, TestEventStatus } from './documents.ts';
import { EndpointActions } from './actions.tsx';
import { endpointState, millis, percent, type Endpoint } from './state.ts';
import { EndpointForm } from './form.tsx';

/** The latest test event of an endpoint, as it goes. */
export interface TestRun {
  eventId: string | null;
  status: string;
  responseStatus?: number | null;
  durationMs?: number | null;
  errorCode?: string | null;
  error?: string;
}

let firstVisit = true;

export function EndpointsPage() {
  useTitle('Endpoints');
  const viewer = useViewer();
  const canManage = useCan('MANAGE_ENDPOINTS');
  // The first visit takes what prefetch() fetched at start; later visits refresh in the background.
  const [requestPolicy] = useState<RequestPolicy>(() => (firstVisit ? 'cache-first' : 'cache-and-network'));
  firstVisit = false;
  const [{ data, error, fetching }, refetch] = useQuery({ query: EndpointsQuery, requestPolicy });
  const [adding, setAdding] = useState(false);
  const [tests, setTests] = useState<Record<string, TestRun>>({});
  const [, sendTest] = useMutation(SendTestEvent);
  const client = useClient();
  const reload = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);

  // Outcomes stream in: a test event's result at once, stats refreshed a moment later (one
  // reload for a burst of updates). Test outcomes are kept by event id, so one that arrives
  // before sendTestEvent has answered is not lost.
  const outcomes = useRef(new Map<string, TestRun>());
  const pendingReload = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(pendingReload.current), []);
  const record = useCallback((connectionId: string, run: TestRun) => {
    const previous = outcomes.current.get(run.eventId ?? '');
    const merged = { ...previous, ...run };
    outcomes.current.set(merged.eventId ?? '', merged);
    setTests((current) => (current[connectionId]?.eventId === merged.eventId ? { ...current, [connectionId]: merged } : current));
  }, []);
  useSubscription({ query: EndpointDeliveries, variables: { sourceId: viewer.sourceId } }, (_previous, update) => {
    const { event, attempt } = update.deliveryStatus;
    if (event.test) {
      record(event.connection.id, { eventId: event.id, status: event.status, ...(attempt ? { responseStatus: attempt.responseStatus, durationMs: attempt.durationMs, errorCode: attempt.errorCode } : {}) });
    }
    if (attempt && !pendingReload.current) {
      pendingReload.current = setTimeout(() => {
        pendingReload.current = undefined;
        reload();
      }, 1_500);
    }
    return update;
  });

  const runTest = async (endpoint: Endpoint) => {
    setTests((current) => ({ ...current, [endpoint.id]: { eventId: null, status: 'SENDING' } }));
    const result = await sendTest({ connectionId: endpoint.id });
    const sent = result.data?.sendTestEvent;
    if (!sent) {
      setTests((current) => ({ ...current, [endpoint.id]: { eventId: null, status: 'ERROR', error: messages(result.error).join(' ') } }));
      return;
    }
    const run = outcomes.current.get(sent.id) ?? { eventId: sent.id, status: sent.status };
    outcomes.current.set(sent.id, run);
    setTests((current) => ({ ...current, [endpoint.id]: run }));
    // If the outcome came before the subscription was running, it is in the event already.
    const now = await client.query(TestEventStatus, { id: sent.id }, { requestPolicy: 'network-only' }).toPromise();
    const event = now.data?.event;
    const last = event?.attempts[event.attempts.length - 1];
    if (event && FINAL_STATUSES.includes(event.status) && !FINAL_STATUSES.includes(outcomes.current.get(sent.id)?.status ?? '')) {
      record(endpoint.id, { eventId: sent.id, status: event.status, responseStatus: last?.responseStatus, durationMs: last?.durationMs, errorCode: last?.errorCode });
    }
  };

  const endpoints = data?.viewer.source?.connections.edges.map((edge) => edge.node) ?? [];
  return (
    <section aria-labelledby="endpoints-title">
      <div class="page-head">
        <div>
          <h1 id="endpoints-title">Endpoints</h1>
          <p class="muted">The URLs that receive {viewer.config.name}'s webhooks for you. Success rate and latency cover the last 24 hours.</p>
        </div>
        {canManage && (
          <button type="button" class="btn btn-primary" onClick={() => setAdding(true)}>
            Add endpoint
          </button>
        )}
      </div>
      <ErrorNote error={error} />
      {!data && fetching && (
        <p class="loading" role="status">
          Loading endpoints…
        </p>
      )}
      {data && endpoints.length === 0 && (
        <div class="empty">
          <p>No endpoints yet.</p>
          {canManage ? <p>Add one to start receiving webhooks.</p> : <p>Ask your administrator to add one.</p>}
        </div>
      )}
      {endpoints.length > 0 && (
        <table class="table endpoints-table">
          <caption class="visually-hidden">Your webhook endpoints</caption>
          <thead>
            <tr>
              <th scope="col">Endpoint</th>
              <th scope="col">State</th>
              <th scope="col" class="num">
                Success
              </th>
              <th scope="col" class="num">
                p50 latency
              </th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {endpoints.map((endpoint) => (
              <EndpointRow key={endpoint.id} endpoint={endpoint} test={tests[endpoint.id]} onTest={() => runTest(endpoint)} onChanged={reload} />
            ))}
          </tbody>
        </table>
      )}
      {adding && <EndpointForm onClose={() => setAdding(false)} onSaved={reload} />}
    </section>
  );
}

function EndpointRow({ endpoint, test, onTest, onChanged }: { endpoint: Endpoint; test?: TestRun; onTest: () => void; onChanged: () => void }) {
  const d = endpoint.destination;
  const stats = d.stats;
  return (
    <tr data-endpoint={endpoint.name}>
      <th scope="row" class="endpoint-cell">
        <span class="endpoint-url">{d.url}</span>
        {endpoint.description && <span class="endpoint-description">{endpoint.description}</span>}
        <span class="endpoint-meta muted">
          {endpoint.name}
          {endpoint.rules.eventTypes ? ` · ${endpoint.rules.eventTypes.join(', ')}` : ' · all event types'}
        </span>
        {test && <TestResult run={test} />}
      </th>
      <td data-label="State">
        <StateBadge endpoint={endpoint} />
      </td>
      <td data-label="Success (24 h)" class="num" title={`${stats.successful} successful, ${stats.failed} failed attempts; ${stats.pending} pending`}>
        {percent(stats.successRate)}
      </td>
      <td data-label="p50 latency" class="num">
        {millis(stats.latencyP50Ms)}
      </td>
      <td class="actions-cell">
        <EndpointActions endpoint={endpoint} onTest={onTest} testing={test?.status === 'SENDING'} onChanged={onChanged} />
      </td>
    </tr>
  );
}

function StateBadge({ endpoint }: { endpoint: Endpoint }) {
  const state = endpointState(endpoint);
  switch (state.kind) {
    case 'disabled':
      return (
        <span class="state">
          <Badge tone="bad">Disabled</Badge>
          <span class="state-detail">
            {state.reason ?? 'Stopped'} · <Time value={state.since} />
          </span>
        </span>
      );
    case 'paused':
      return (
        <span class="state">
          <Badge tone="neutral">Paused</Badge>
          <span class="state-detail">
            paused <Time value={state.since} />
          </span>
        </span>
      );
    case 'failing':
      return (
        <span class="state">
          <Badge tone="warn">Failing</Badge>
          <span class="state-detail">
            first failure <Time value={state.since} />
            {state.failures > 0 && ` · ${state.failures} failed ${state.failures === 1 ? 'event' : 'events'}`}
          </span>
        </span>
      );
    default:
      return <Badge tone="ok">Active</Badge>;
  }
}

function TestResult({ run }: { run: TestRun }) {
  let text;
  if (run.status === 'SENDING') text = <>Sending a test event…</>;
  else if (run.status === 'ERROR') text = <span class="text-bad">Test event refused: {run.error}</span>;
  else {
    const outcome = run.responseStatus ? `HTTP ${run.responseStatus}` : run.errorCode;
    text = (
      <>
        Test event <Badge status={run.status} />
        {outcome && ` ${outcome}`}
        {run.durationMs !== null && run.durationMs !== undefined && ` in ${millis(run.durationMs)}`}
        {run.eventId && (
          <>
            {' · '}
            <a href={paths.event(run.eventId)}>details</a>
          </>
        )}
      </>
    );
  }
  return (
    <span class="test-result" role="status" data-test-status={run.status}>
      {text}
    </span>
  );
}
