import { useClient, useMutation } from '@urql/preact';
import type { CombinedError } from '@urql/core';
import { useId, useState } from 'preact/hooks';
import { paths } from '../../paths.ts';
import { CopyButton } from '../../ui/copy.tsx';
import { Dialog } from '../../ui/dialog.tsx';
import { ErrorNote } from '../../ui/errors.tsx';
import { Time } from '../../ui/time.tsx';
import { DestinationSecretQuery, RotateSecret } from './documents.ts';
import type { Endpoint } from './state.ts';

const OVERLAPS: Array<[number, string]> = [
  [0, 'None: stop the current secret now'],
  [3_600, '1 hour'],
  [86_400, '24 hours'],
  [604_800, '7 days'],
];

/** Reveal the endpoint's signing secret, or rotate it keeping the old one valid for a while. */
export function SecretDialog({ endpoint, onClose, onChanged }: { endpoint: Endpoint; onClose: () => void; onChanged: () => void }) {
  const client = useClient();
  const overlapId = useId();
  const destination = endpoint.destination;
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<CombinedError | undefined>();
  const [revealing, setRevealing] = useState(false);
  const [overlap, setOverlap] = useState(86_400);
  const [rotatedUntil, setRotatedUntil] = useState(destination.secretRotatedUntil ?? null);
  const [rotation, rotate] = useMutation(RotateSecret);

  const reveal = async () => {
    setRevealing(true);
    const result = await client.query(DestinationSecretQuery, { destinationId: destination.id }, { requestPolicy: 'network-only' }).toPromise();
    setRevealing(false);
    setError(result.error);
    setSecret(result.data?.destinationSecret ?? null);
  };

  const submitRotation = async (event: Event) => {
    event.preventDefault();
    const result = await rotate({ destinationId: destination.id, expireCurrentInSeconds: overlap });
    if (result.error) return;
    setRotatedUntil(result.data?.rotateDestinationSecret.secretRotatedUntil ?? null);
    onChanged();
    if (secret !== null) await reveal();
  };

  const stillValid = rotatedUntil && new Date(rotatedUntil).getTime() > Date.now();
  return (
    <Dialog title="Signing secret" onClose={onClose}>
      <p>
        Deliveries to <strong class="break">{destination.url}</strong> are signed with this secret ({destination.auth.strategy === 'STANDARD_WEBHOOKS' ? 'Standard Webhooks' : 'HMAC-SHA256'}). Keep it on your server only.{' '}
        <a href={paths.signatures}>How to verify signatures</a>
      </p>
      <div class="secret-box">
        {secret ? (
          <>
            <code class="secret" data-testid="secret">
              {secret}
            </code>
            <CopyButton text={secret} label="Copy secret" />
          </>
        ) : (
          <button type="button" class="btn" onClick={reveal} disabled={revealing}>
            {revealing ? 'Revealing…' : 'Reveal secret'}
          </button>
        )}
      </div>
      <ErrorNote error={error} />
      {stillValid && (
        <p class="notice" role="status">
          The previous secret also stays valid until <Time value={rotatedUntil} both />.
        </p>
      )}
      <form class="form rotate-form" onSubmit={submitRotation}>
        <h3>Rotate</h3>
        <p class="muted">A new secret signs from now on. During the overlap each delivery carries both signatures, so you can update your server without missing any.</p>
        <div class="field">
          <label for={overlapId}>Keep the current secret valid for</label>
          <select id={overlapId} value={overlap} onChange={(e) => setOverlap(Number(e.currentTarget.value))}>
            {OVERLAPS.map(([seconds, text]) => (
              <option key={seconds} value={seconds}>
                {text}
              </option>
            ))}
          </select>
        </div>
        <ErrorNote error={rotation.error} />
        <div class="form-actions">
          <button type="submit" class="btn btn-danger" disabled={rotation.fetching}>
            {rotation.fetching ? 'Rotating…' : 'Rotate secret'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
