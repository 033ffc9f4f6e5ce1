import { useQuery, useSubscription } from '@urql/preact';
import { useLocation } from 'preact-iso';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { PortalEventRowFragment } from '../../gql/graphql.ts';
import { paths, withQuery } from '../../paths.ts';
import { ErrorNote } from '../../ui/errors.tsx';
import { useSocketState } from '../../ui/live.tsx';
import { Badge, EVENT_STATUSES, statusLabel } from '../../ui/status.tsx';
import { Time } from '../../ui/time.tsx';
import { useTitle } from '../../ui/title.ts';
import { useCan, useViewer } from '../../viewer.ts';
import { EventFilterOptions, EventsLive, EventsQuery } from './documents.ts';
import { Recover } from './recover.tsx';
import { filterOf, fromLocalInput, toLocalInput, type EventView } from './view.ts';

const PAGE_SIZE = 25;

/** Whether a live event belongs in the view (the first page, newest first, of this filter). */
function matches(row: PortalEventRowFragment, view: EventView): boolean {
  if (view.status && !view.status.split(',').includes(row.status)) return false;
  if (view.endpoint && row.connection.id !== view.endpoint) return false;
  if (view.type) {
    const type = row.request.eventType ?? '';
    const ok = view.type.split(',').some((pattern) => (pattern.endsWith('*') ? type.startsWith(pattern.slice(0, -1)) : type === pattern));
    if (!ok) return false;
  }
  const created = new Date(row.createdAt).getTime();
  if (view.from && created < new Date(view.from).getTime()) return false;
  if (view.to && created > new Date(view.to).getTime()) return false;
  return true;
}

export function EventsPage() {
  useTitle('Event log');
  const viewer = useViewer();
  const canRetry = useCan('RETRY');
  const { query, route } = useLocation();
  const view: EventView = query;
  const socket = useSocketState();
  const variables = useMemo(
    () => ({
      filter: filterOf(view, viewer.sourceId),
      ...(view.before ? { last: PAGE_SIZE, before: view.before } : { first: PAGE_SIZE, after: view.after || undefined }),
    }),
    [view.status, view.endpoint, view.type, view.from, view.to, view.after, view.before, viewer.sourceId],
  );
  const [{ data, error, fetching }, refetch] = useQuery({ query: EventsQuery, variables });
  const firstPage = !view.after && !view.before;

  // Live: status changes patch the rows shown; new events of the view go on top of the first page.
  const [live, setLive] = useState<{ added: PortalEventRowFragment[]; patched: Record<string, PortalEventRowFragment> }>({ added: [], patched: {} });
  useEffect(() => setLive({ added: [], patched: {} }), [variables]);
  const shownIds = useRef(new Set<string>());
  const newestShown = useRef('');
  useSubscription({ query: EventsLive, variables: { sourceId: viewer.sourceId } }, (_previous, update) => {
    const row = update.deliveryStatus.event;
    setLive((current) => {
      if (shownIds.current.has(row.id) || current.added.some((r) => r.id === row.id)) {
        return { added: current.added.map((r) => (r.id === row.id ? row : r)), patched: { ...current.patched, [row.id]: row } };
      }
      // Only events newer than the page go on top: an older one that changed belongs further down,
      // where the next read of the list puts it.
      if (firstPage && row.createdAt > newestShown.current && matches(row, view)) return { ...current, added: [row, ...current.added] };
      return current;
    });
    return update;
  });

  // After the socket comes back, what happened meanwhile is read again.
  const previousSocket = useRef(socket);
  useEffect(() => {
    if (previousSocket.current === 'reconnecting' && socket === 'live') refetch({ requestPolicy: 'network-only' });
    previousSocket.current = socket;
  }, [socket, refetch]);

  // A live update wins over the query's row unless the row is newer (a refetch that ran after it).
  const base = data?.events.edges.map((edge) => {
    const patch = live.patched[edge.node.id];
    return patch && patch.updatedAt >= edge.node.updatedAt ? patch : edge.node;
  }) ?? [];
  shownIds.current = new Set(base.map((row) => row.id));
  newestShown.current = base[0]?.createdAt ?? '';
  const rows = [...(firstPage ? live.added.filter((row) => !shownIds.current.has(row.id)) : []), ...base];
  const newIds = new Set(live.added.map((row) => row.id));
  const pageInfo = data?.events.pageInfo;
  const go = (next: EventView) => route(withQuery(paths.events, { ...next }));

  return (
    <section aria-labelledby="events-title">
      <div class="page-head">
        <div>
          <h1 id="events-title">Event log</h1>
          <p class="muted">Every delivery to your endpoints, newest first. New events and status changes appear as they happen.</p>
        </div>
      </div>
      <Filters view={view} onApply={(next) => go(next)} />
      {canRetry && <Recover view={view} />}
      <p class="live-note" aria-live="polite">
        {socket === 'live' ? (firstPage ? 'Live: new events appear at the top.' : 'Live: status changes update this page; new events appear on the first page.') : socket === 'reconnecting' ? 'Reconnecting to live updates… the list catches up when the connection is back.' : 'Connecting to live updates…'}
      </p>
      <ErrorNote error={error} />
      {!data && fetching && (
        <p class="loading" role="status">
          Loading events…
        </p>
      )}
      {data && rows.length === 0 && (
        <div class="empty">
          <p>No events {Object.values(view).some(Boolean) ? 'match these filters' : 'yet'}.</p>
        </div>
      )}
      {rows.length > 0 && (
        <table class="table events-table">
          <caption class="visually-hidden">Events, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Endpoint</th>
              <th scope="col">Status</th>
              <th scope="col" class="num">
                Attempts
              </th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <EventRow key={row.id} row={row} fresh={newIds.has(row.id)} />
            ))}
          </tbody>
        </table>
      )}
      {pageInfo && (
        <nav class="pager" aria-label="Pages of events">
          <span class="muted">{rows.length} shown</span>
          <span class="pager-buttons">
            {!firstPage && (
              <a class="btn btn-small" href={withQuery(paths.events, { ...view, after: undefined, before: undefined })}>
                Newest
              </a>
            )}
            {(view.after || (view.before && pageInfo.hasPreviousPage)) && pageInfo.startCursor && (
              <a class="btn btn-small" href={withQuery(paths.events, { ...view, after: undefined, before: pageInfo.startCursor })}>
                ← Newer
              </a>
            )}
            {(view.before || pageInfo.hasNextPage) && pageInfo.endCursor && (
              <a class="btn btn-small" href={withQuery(paths.events, { ...view, before: undefined, after: pageInfo.endCursor })}>
                Older →
              </a>
            )}
          </span>
        </nav>
      )}
    </section>
  );
}

function EventRow({ row, fresh }: { row: PortalEventRowFragment; fresh: boolean }) {
  const outcome = row.lastResponseStatus ? `HTTP ${row.lastResponseStatus}` : row.errorCode;
  return (
    <tr class={fresh ? 'row-new' : undefined} data-event-id={row.id} data-status={row.status}>
      <th scope="row">
        <a href={paths.event(row.id)}>{row.request.eventType ?? 'Untyped event'}</a>
        {row.test && (
          <span class="test-tag">
            <Badge tone="info">Test</Badge>
          </span>
        )}
        <span class="endpoint-meta muted mono">{row.id}</span>
      </th>
      <td data-label="Endpoint">
        <span class="cell-link break">{row.connection.destination.url}</span>
      </td>
      <td data-label="Status">
        <span class="state">
          <Badge status={row.status} />
          {(outcome || row.nextAttemptAt) && (
            <span class="state-detail">
              {outcome}
              {row.status === 'SCHEDULED' && row.nextAttemptAt && (
                <>
                  {outcome ? ' · ' : ''}next <Time value={row.nextAttemptAt} />
                </>
              )}
            </span>
          )}
        </span>
      </td>
      <td data-label="Attempts" class="num">
        {row.attemptCount}
      </td>
      <td data-label="Created">
        <Time value={row.createdAt} />
      </td>
    </tr>
  );
}

function Filters({ view, onApply }: { view: EventView; onApply: (view: EventView) => void }) {
  const [{ data }] = useQuery({ query: EventFilterOptions });
  const [status, setStatus] = useState(view.status ?? '');
  const [endpoint, setEndpoint] = useState(view.endpoint ?? '');
  const [type, setType] = useState(view.type ?? '');
  const [from, setFrom] = useState(toLocalInput(view.from));
  const [to, setTo] = useState(toLocalInput(view.to));
  // The URL changed (back, a shared link): the form follows.
  useEffect(() => {
    setStatus(view.status ?? '');
    setEndpoint(view.endpoint ?? '');
    setType(view.type ?? '');
    setFrom(toLocalInput(view.from));
    setTo(toLocalInput(view.to));
  }, [view.status, view.endpoint, view.type, view.from, view.to]);
  const endpoints = data?.viewer.source?.connections.edges.map((e) => e.node) ?? [];

  const submit = (event: Event) => {
    event.preventDefault();
    onApply({ status, endpoint, type: type.trim(), from: fromLocalInput(from), to: fromLocalInput(to) });
  };
  return (
    <form class="panel filters" onSubmit={submit} role="search" aria-label="Filter events">
      <div class="field">
        <label for="filter-status">Status</label>
        <select id="filter-status" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
          <option value="">Any status</option>
          {EVENT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {statusLabel(s)}
            </option>
          ))}
        </select>
      </div>
      <div class="field field-wide">
        <label for="filter-endpoint">Endpoint</label>
        <select id="filter-endpoint" value={endpoint} onChange={(e) => setEndpoint(e.currentTarget.value)}>
          <option value="">All endpoints</option>
          {endpoints.map((c) => (
            <option key={c.id} value={c.id}>
              {c.destination.url}
            </option>
          ))}
          {endpoint && !endpoints.some((c) => c.id === endpoint) && <option value={endpoint}>{endpoint}</option>}
        </select>
      </div>
      <div class="field">
        <label for="filter-type">Event type</label>
        <input id="filter-type" list="filter-type-options" placeholder="e.g. order.*" value={type} onInput={(e) => setType(e.currentTarget.value)} />
        <datalist id="filter-type-options">
          {data?.eventTypes.map((t) => <option key={t.name} value={t.name} />)}
        </datalist>
      </div>
      <div class="field field-wide">
        <label for="filter-from">From</label>
        <input id="filter-from" type="datetime-local" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
      </div>
      <div class="field field-wide">
        <label for="filter-to">To</label>
        <input id="filter-to" type="datetime-local" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
      </div>
      <div class="filter-actions">
        <button type="submit" class="btn btn-primary">
          Apply
        </button>
        <a class="btn" href={paths.events}>
          Clear
        </a>
      </div>
    </form>
  );
}
