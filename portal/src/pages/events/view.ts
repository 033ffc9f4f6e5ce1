import type { EventFilter, EventStatus } from '../../gql/graphql.ts';

/** The view, as kept in the URL query so that it can be shared: ?status=FAILED&endpoint=con_... */
export interface EventView {
  status?: string;
  endpoint?: string;
  type?: string;
  from?: string;
  to?: string;
  after?: string;
  before?: string;
}

export function filterOf(view: EventView, sourceId: string): EventFilter {
  return {
    sourceId,
    status: view.status ? (view.status.split(',') as EventStatus[]) : undefined,
    connectionId: view.endpoint || undefined,
    eventTypes: view.type ? view.type.split(',').map((t) => t.trim()).filter(Boolean) : undefined,
    createdAfter: view.from || undefined,
    createdBefore: view.to || undefined,
  };
}

/** datetime-local shows and takes local time; the URL keeps UTC ISO times, the same for everyone. */
export const toLocalInput = (iso: string | undefined) => {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
};
export const fromLocalInput = (value: string) => (value ? new Date(value).toISOString() : undefined);

