import { useMutation } from '@urql/preact';
import { useId, useState } from 'preact/hooks';
import type { CombinedError } from '@urql/core';
import { Dialog } from '../../ui/dialog.tsx';
import { ErrorNote } from '../../ui/errors.tsx';
import { useCan } from '../../viewer.ts';
import { DeleteEndpoint, EnableDestination, PauseEndpoint, ResumeEndpoint } from './documents.ts';
import { EndpointForm } from './form.tsx';
import { SecretDialog } from './secret.tsx';
import { SIGNED, type Endpoint } from './state.ts';

type Open = 'edit' | 'secret' | 'delete' | null;

/**
 * What the session may do with one endpoint: the frequent actions as buttons, the rest in a
 * popover menu (light dismiss and Escape are the browser's). Nothing at all for a read-only session.
 */
export function EndpointActions({ endpoint, onTest, testing, onChanged }: { endpoint: Endpoint; onTest: () => void; testing: boolean; onChanged: () => void }) {
  const canManage = useCan('MANAGE_ENDPOINTS');
  const canSeeSecrets = useCan('VIEW_SECRETS') && SIGNED.has(endpoint.destination.auth.strategy);
  const menuId = useId();
  const [open, setOpen] = useState<Open>(null);
  const [error, setError] = useState<CombinedError | undefined>();
  const [pause, runPause] = useMutation(PauseEndpoint);
  const [resume, runResume] = useMutation(ResumeEndpoint);
  const [enable, runEnable] = useMutation(EnableDestination);
  if (!canManage && !canSeeSecrets) return null;

  const act = async (run: () => Promise<{ error?: CombinedError }>) => {
    (document.getElementById(menuId) as HTMLElement | null)?.hidePopover();
    setError(undefined);
    const result = await run();
    setError(result.error);
    if (!result.error) onChanged();
  };
  const choose = (what: Open) => {
    (document.getElementById(menuId) as HTMLElement | null)?.hidePopover();
    setOpen(what);
  };
  const busy = pause.fetching || resume.fetching || enable.fetching;
  const label = endpoint.destination.url;

  return (
    <>
    <div class="row-actions">
      {canManage && (
        <>
          <button type="button" class="btn btn-small" onClick={onTest} disabled={testing} aria-label={`Send test to ${label}`}>
            Send test
          </button>
          <button type="button" class="btn btn-small" onClick={() => setOpen('edit')} aria-label={`Edit ${label}`}>
            Edit
          </button>
        </>
      )}
      <button type="button" class="btn btn-small" popovertarget={menuId} aria-label={`More actions for ${label}`} disabled={busy}>
        More <span aria-hidden="true">▾</span>
      </button>
      <div id={menuId} popover="auto" class="menu">
        {canManage && endpoint.destination.disabledAt && (
          <button type="button" class="menu-item" onClick={() => act(() => runEnable({ id: endpoint.destination.id }))}>
            Enable deliveries
          </button>
        )}
        {canManage &&
          (endpoint.pausedAt ? (
            <button type="button" class="menu-item" onClick={() => act(() => runResume({ id: endpoint.id }))}>
              Resume
            </button>
          ) : (
            <button type="button" class="menu-item" onClick={() => act(() => runPause({ id: endpoint.id }))}>
              Pause
            </button>
          ))}
        {canSeeSecrets && (
          <button type="button" class="menu-item" onClick={() => choose('secret')}>
            Signing secret
          </button>
        )}
        {canManage && (
          <button type="button" class="menu-item menu-item-danger" onClick={() => choose('delete')}>
            Delete…
          </button>
        )}
      </div>
      {open === 'edit' && <EndpointForm endpoint={endpoint} onClose={() => setOpen(null)} onSaved={onChanged} />}
      {open === 'secret' && <SecretDialog endpoint={endpoint} onClose={() => setOpen(null)} onChanged={onChanged} />}
      {open === 'delete' && <DeleteDialog endpoint={endpoint} onClose={() => setOpen(null)} onDeleted={onChanged} />}
    </div>
    {error && <ErrorNote error={error} />}
    </>
  );
}

function DeleteDialog({ endpoint, onClose, onDeleted }: { endpoint: Endpoint; onClose: () => void; onDeleted: () => void }) {
  const [state, run] = useMutation(DeleteEndpoint);
  const remove = async (event: Event) => {
    event.preventDefault();
    const result = await run({ id: endpoint.id });
    if (!result.error) {
      onDeleted();
      onClose();
    }
  };
  return (
    <Dialog title="Delete this endpoint?" onClose={onClose}>
      <form onSubmit={remove}>
        <p>
          <strong class="break">{endpoint.destination.url}</strong> will stop receiving webhooks. Its pending deliveries are cancelled; its
          history stays in the event log.
        </p>
        <ErrorNote error={state.error} />
        <div class="form-actions">
          <button type="button" class="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="btn btn-danger" disabled={state.fetching}>
            {state.fetching ? 'Deleting…' : 'Delete endpoint'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
