import { useMutation, useQuery } from '@urql/preact';
import type { ComponentChildren } from 'preact';
import { useId, useMemo, useState } from 'preact/hooks';
import type { RateLimitPeriod, UpsertConnectionInput } from '../../gql/graphql.ts';
import { Dialog } from '../../ui/dialog.tsx';
import { errorsByField } from '../../ui/errors.tsx';
import { useViewer } from '../../viewer.ts';
import { EventTypesQuery, UpsertEndpoint } from './documents.ts';
import type { Endpoint } from './state.ts';

type Field = 'url' | 'name' | 'description' | 'eventTypes' | 'filter' | 'headers' | 'rateLimit';

/** Where a server error path (BAD_USER_INPUT extensions.field) shows in this form. */
export function fieldOf(path: string): Field | null {
  const p = path.replace(/^input\./, '');
  if (p.startsWith('destination.url')) return 'url';
  if (p.startsWith('destination.headers')) return 'headers';
  if (p.startsWith('destination.rateLimit')) return 'rateLimit';
  if (p.startsWith('rules.filter')) return 'filter';
  if (p.startsWith('rules.eventTypes')) return 'eventTypes';
  if (p.startsWith('description')) return 'description';
  if (p === 'name' || p.startsWith('destination.name')) return 'name';
  return null;
}

/** A name for a new endpoint: the URL's host and a short random suffix ("hooks-acme-com-4f2a"). */
export function suggestName(url: string, suffix: string): string {
  let host = 'endpoint';
  try {
    host = new URL(url).hostname.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase() || host;
  } catch {
    // Not a URL yet: keep the generic stem.
  }
  return `${host.slice(0, 60)}-${suffix}`;
}

const randomSuffix = () => crypto.getRandomValues(new Uint16Array(1))[0].toString(16).padStart(4, '0');

/** "Name: value" lines, as typed, to a header map; the line numbers of lines that are not. */
function parseHeaders(text: string): { headers: Record<string, string>; bad: number[] } {
  const headers: Record<string, string> = {};
  const bad: number[] = [];
  text.split('\n').forEach((line, index) => {
    if (!line.trim()) return;
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim();
    if (colon < 1 || !/^[!#$%&'*+.^_`|~0-9a-z-]+$/i.test(name)) bad.push(index + 1);
    else headers[name] = line.slice(colon + 1).trim();
  });
  return { headers, bad };
}

const headerText = (headers: unknown) =>
  headers && typeof headers === 'object'
    ? Object.entries(headers as Record<string, string>)
        .map(([name, value]) => `${name}: ${value}`)
        .join('\n')
    : '';

const PERIODS: Array<[RateLimitPeriod, string]> = [
  ['SECOND', 'per second'],
  ['MINUTE', 'per minute'],
  ['HOUR', 'per hour'],
];

/** Add (no `endpoint`) or edit one endpoint: a connection from the session's source to a URL. */
export function EndpointForm({ endpoint, onClose, onSaved }: { endpoint?: Endpoint; onClose: () => void; onSaved: () => void }) {
  const viewer = useViewer();
  const [{ data: catalog }] = useQuery({ query: EventTypesQuery });
  const [saving, save] = useMutation(UpsertEndpoint);
  const d = endpoint?.destination;
  const [url, setUrl] = useState(d?.url ?? '');
  const [name, setName] = useState(endpoint?.name ?? '');
  const [nameTouched, setNameTouched] = useState(Boolean(endpoint));
  const [suffix] = useState(randomSuffix);
  const [description, setDescription] = useState(endpoint?.description ?? '');
  const [allTypes, setAllTypes] = useState(!endpoint?.rules.eventTypes);
  const [types, setTypes] = useState<string[]>(endpoint?.rules.eventTypes ?? []);
  const [filter, setFilter] = useState(endpoint?.rules.filter ? JSON.stringify(endpoint.rules.filter, null, 2) : '');
  const [headers, setHeaders] = useState(headerText(d?.headers));
  const [rateCount, setRateCount] = useState(d?.rateLimit ? String(d.rateLimit.count) : '');
  const [ratePeriod, setRatePeriod] = useState<RateLimitPeriod>(d?.rateLimit?.period ?? 'SECOND');
  const [local, setLocal] = useState<Partial<Record<Field, string>>>({});
  const [submitted, setSubmitted] = useState(false);

  // The suggested name follows the URL until the user edits it.
  const shownName = nameTouched ? name : url ? suggestName(url, suffix) : '';
  const server = useMemo(() => (submitted ? errorsByField(saving.error, fieldOf) : { fields: {}, form: [] }), [saving.error, submitted]);
  const errorOf = (field: Field): string[] => [...(local[field] ? [local[field] as string] : []), ...(server.fields[field] ?? [])];

  // Types from the catalog, plus any the endpoint has that the catalog lacks (patterns, retired).
  const known = catalog?.eventTypes ?? [];
  const extra = types.filter((type) => !known.some((k) => k.name === type));

  const submit = async (event: Event) => {
    event.preventDefault();
    const problems: Partial<Record<Field, string>> = {};
    let parsedFilter: unknown = null;
    if (filter.trim()) {
      try {
        parsedFilter = JSON.parse(filter);
      } catch (error) {
        problems.filter = `Not valid JSON: ${(error as Error).message}`;
      }
    }
    const parsedHeaders = parseHeaders(headers);
    if (parsedHeaders.bad.length) problems.headers = `Line ${parsedHeaders.bad.join(', ')}: write each header as "Name: value".`;
    const count = rateCount.trim() ? Number(rateCount) : null;
    if (count !== null && (!Number.isInteger(count) || count < 1)) problems.rateLimit = 'A whole number of deliveries, 1 or more; leave it empty for no limit.';
    if (!allTypes && types.length === 0) problems.eventTypes = 'Choose at least one event type, or receive all of them.';
    setLocal(problems);
    setSubmitted(false);
    if (Object.keys(problems).length > 0) return;

    const finalName = (shownName || suggestName(url, suffix)).trim();
    const input: UpsertConnectionInput = {
      name: finalName,
      description: description.trim() || null,
      source: { name: viewer.sourceName },
      destination: {
        name: d?.name ?? finalName,
        url: url.trim(),
        headers: parsedHeaders.headers,
        rateLimit: count === null ? null : { count, period: ratePeriod },
      },
      rules: { eventTypes: allTypes ? null : types, filter: parsedFilter },
    };
    const result = await save({ input });
    setSubmitted(true);
    if (!result.error) {
      onSaved();
      onClose();
    }
  };

  return (
    <Dialog title={endpoint ? 'Edit endpoint' : 'Add an endpoint'} onClose={onClose} wide>
      <form class="form" onSubmit={submit} noValidate>
        <FormField label="URL" errors={errorOf('url')} hint={`Where ${viewer.config.name} POSTs each event, signed.`}>
          {(props) => <input {...props} autoFocus type="url" required inputMode="url" autoComplete="url" placeholder="https://example.com/webhooks" value={url} onInput={(e) => setUrl(e.currentTarget.value)} />}
        </FormField>
        <FormField label="Name" errors={errorOf('name')} hint={endpoint ? 'The name identifies the endpoint and cannot change.' : 'Suggested from the URL; change it if you like.'}>
          {(props) => (
            <input
              {...props}
              required
              readOnly={Boolean(endpoint)}
              value={shownName}
              onInput={(e) => {
                setNameTouched(true);
                setName(e.currentTarget.value);
              }}
            />
          )}
        </FormField>
        <FormField label="Description" errors={errorOf('description')} optional>
          {(props) => <textarea {...props} rows={2} value={description} onInput={(e) => setDescription(e.currentTarget.value)} />}
        </FormField>

        <fieldset class="field" aria-describedby={errorOf('eventTypes').length ? 'event-types-error' : undefined}>
          <legend>Event types</legend>
          <label class="choice">
            <input type="radio" name="all-types" checked={allTypes} onChange={() => setAllTypes(true)} /> All event types, including future ones
          </label>
          <label class="choice">
            <input type="radio" name="all-types" checked={!allTypes} onChange={() => setAllTypes(false)} /> Only the types chosen below
          </label>
          {!allTypes && (
            <ul class="type-list">
              {[...known.map((k) => ({ name: k.name, description: k.description })), ...extra.map((name) => ({ name, description: null }))].map((type) => (
                <li key={type.name}>
                  <label class="choice">
                    <input
                      type="checkbox"
                      checked={types.includes(type.name)}
                      onChange={(e) => setTypes((current) => (e.currentTarget.checked ? [...current, type.name] : current.filter((t) => t !== type.name)))}
                    />
                    <span>
                      <code>{type.name}</code>
                      {type.description && <span class="choice-hint"> {type.description}</span>}
                    </span>
                  </label>
                </li>
              ))}
              {known.length === 0 && extra.length === 0 && <li class="muted">The catalog lists no event types yet.</li>}
            </ul>
          )}
          <FieldErrors id="event-types-error" errors={errorOf('eventTypes')} />
        </fieldset>

        <details class="advanced" open={Boolean(filter || headers || rateCount)}>
          <summary>Filter, headers and rate limit</summary>
          <FormField label="Filter (JSON)" errors={errorOf('filter')} optional hint={'Deliver only matching events, e.g. { "body": { "amount": { "$gte": 100 } } }. Empty: every event.'}>
            {(props) => <textarea {...props} class="mono" rows={5} spellcheck={false} value={filter} onInput={(e) => setFilter(e.currentTarget.value)} />}
          </FormField>
          <FormField label="Headers" errors={errorOf('headers')} optional hint={'Added to every delivery, one "Name: value" per line.'}>
            {(props) => <textarea {...props} class="mono" rows={3} spellcheck={false} placeholder="x-team: payments" value={headers} onInput={(e) => setHeaders(e.currentTarget.value)} />}
          </FormField>
          <RateLimitField count={rateCount} period={ratePeriod} onCount={setRateCount} onPeriod={setRatePeriod} errors={errorOf('rateLimit')} />
        </details>

        <FieldErrors id="form-errors" errors={server.form} />
        <div class="form-actions">
          <button type="button" class="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="btn btn-primary" disabled={saving.fetching}>
            {saving.fetching ? 'Saving…' : endpoint ? 'Save changes' : 'Add endpoint'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

interface ControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
}

/** A labelled control with its hint and errors wired by id (aria-describedby, aria-invalid). */
function FormField({ label, hint, errors, optional, children }: { label: string; hint?: string; errors: string[]; optional?: boolean; children: (props: ControlProps) => ComponentChildren }) {
  const id = useId();
  const described = [hint ? `${id}-hint` : '', errors.length ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={errors.length ? 'field field-invalid' : 'field'}>
      <label for={id}>
        {label}
        {optional && <span class="optional"> (optional)</span>}
      </label>
      {children({ id, 'aria-describedby': described || undefined, 'aria-invalid': errors.length > 0 || undefined })}
      {hint && (
        <p id={`${id}-hint`} class="hint">
          {hint}
        </p>
      )}
      <FieldErrors id={`${id}-error`} errors={errors} />
    </div>
  );
}

function FieldErrors({ id, errors }: { id: string; errors: string[] }) {
  if (errors.length === 0) return null;
  return (
    <div id={id} class="field-error" role="alert">
      {errors.map((message) => (
        <p key={message}>{message}</p>
      ))}
    </div>
  );
}

function RateLimitField({ count, period, onCount, onPeriod, errors }: { count: string; period: RateLimitPeriod; onCount: (v: string) => void; onPeriod: (v: RateLimitPeriod) => void; errors: string[] }) {
  const id = useId();
  return (
    <fieldset class={errors.length ? 'field field-invalid' : 'field'} aria-describedby={[`${id}-hint`, errors.length ? `${id}-error` : ''].filter(Boolean).join(' ')}>
      <legend>
        Rate limit <span class="optional">(optional)</span>
      </legend>
      <div class="inline-fields">
        <label class="visually-hidden" for={`${id}-count`}>
          Deliveries
        </label>
        <input id={`${id}-count`} type="number" min={1} step={1} inputMode="numeric" placeholder="Unlimited" value={count} aria-invalid={errors.length > 0 || undefined} onInput={(e) => onCount(e.currentTarget.value)} />
        <label class="visually-hidden" for={`${id}-period`}>
          Period
        </label>
        <select id={`${id}-period`} value={period} onChange={(e) => onPeriod(e.currentTarget.value as RateLimitPeriod)}>
          {PERIODS.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      </div>
      <p id={`${id}-hint`} class="hint">
        At most this many deliveries to this URL per period; more wait their turn. Empty: no limit.
      </p>
      <FieldErrors id={`${id}-error`} errors={errors} />
    </fieldset>
  );
}
