import { useMutation, useSubscription } from '@urql/preact';
import { useState } from 'preact/hooks';
import { ErrorNote } from '../../ui/errors.tsx';
import { useViewer } from '../../viewer.ts';
import { BulkRetry, BulkRetryProgress } from './documents.ts';
import { filterOf, fromLocalInput, toLocalInput, type EventView } from './view.ts';

interface Progress {
  id: string;
  status: string;
  total: number;
  scheduled: number;
  error?: string | null;
}

/** "Recover": retry every FAILED event since a time (of the endpoint filtered on), with progress. */
export function Recover({ view }: { view: EventView }) {
  const viewer = useViewer();
  const [since, setSince] = useState(() => toLocalInput(view.from ?? new Date(Date.now() - 24 * 3_600_000).toISOString()));
  const [retry, run] = useMutation(BulkRetry);
  const [progress, setProgress] = useState<Progress | null>(null);

  useSubscription({ query: BulkRetryProgress, variables: { id: progress?.id ?? '' }, pause: !progress || progress.status !== 'RUNNING' }, (_previous, update) => {
    const p = update.bulkRetryProgress;
    setProgress({ id: p.id, status: p.status, total: p.total, scheduled: p.scheduled, error: p.error });
    return update;
  });

  const submit = async (event: Event) => {
    event.preventDefault();
    setProgress(null);
    const filter = { ...filterOf({ endpoint: view.endpoint, type: view.type }, viewer.sourceId), status: ['FAILED' as const], createdAfter: fromLocalInput(since) };
    const result = await run({ filter });
    const op = result.data?.bulkRetry;
    if (op) setProgress({ id: op.id, status: op.operation.status, total: op.operation.total, scheduled: op.operation.scheduled, error: op.operation.error });
  };

  return (
    <details class="panel recover">
      <summary>Recover failed events</summary>
      <form class="recover-form" onSubmit={submit}>
        <div class="field">
          <label for="recover-since">Retry every failed event since</label>
          <input id="recover-since" type="datetime-local" required value={since} onInput={(e) => setSince(e.currentTarget.value)} />
        </div>
        <button type="submit" class="btn btn-primary" disabled={retry.fetching || progress?.status === 'RUNNING'}>
          Retry failed events
        </button>
      </form>
      <p class="hint">{view.endpoint || view.type ? 'Only those of the endpoint and event type filtered on above.' : 'Of every endpoint.'} Each gets one more attempt, in the order they were published.</p>
      <ErrorNote error={retry.error} />
      {progress && (
        <div class="progress-row" aria-live="polite">
          <label for="recover-progress">
            {progress.total === 0
              ? 'No failed events since then.'
              : progress.status === 'COMPLETED'
                ? `Done: ${progress.scheduled} of ${progress.total} events scheduled for another attempt.`
                : progress.status === 'FAILED'
                  ? `Stopped after ${progress.scheduled} of ${progress.total}: ${progress.error ?? 'unknown error'}`
                  : `Scheduling ${progress.scheduled} of ${progress.total}…`}
          </label>
          <progress id="recover-progress" max={Math.max(progress.total, 1)} value={progress.total === 0 ? 1 : progress.scheduled} />
        </div>
      )}
    </details>
  );
}
