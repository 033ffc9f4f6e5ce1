const TONE: Record<string, string> = {
  SUCCESSFUL: 'ok',
  FAILED: 'bad',
  CANCELLED: 'neutral',
  HOLD: 'warn',
  QUEUED: 'info',
  SCHEDULED: 'info',
  OPEN: 'bad',
  ACKNOWLEDGED: 'warn',
  RESOLVED: 'ok',
};

const LABEL: Record<string, string> = {
  SUCCESSFUL: 'Successful',
  FAILED: 'Failed',
  CANCELLED: 'Cancelled',
  HOLD: 'Held',
  QUEUED: 'Queued',
  SCHEDULED: 'Retry scheduled',
  OPEN: 'Open',
  ACKNOWLEDGED: 'Acknowledged',
  RESOLVED: 'Resolved',
};

export const statusLabel = (status: string) => LABEL[status] ?? status;

/** A status as a coloured badge whose text says it all (colour is never the only signal). */
export function Badge({ status, tone, children }: { status?: string; tone?: 'ok' | 'bad' | 'warn' | 'info' | 'neutral'; children?: preact.ComponentChildren }) {
  const t = tone ?? (status ? TONE[status] : undefined) ?? 'neutral';
  return (
    <span class={`badge badge-${t}`} data-status={status}>
      {children ?? (status ? statusLabel(status) : '')}
    </span>
  );
}

export const FINAL_STATUSES = ['SUCCESSFUL', 'FAILED', 'CANCELLED'];
export const EVENT_STATUSES = ['QUEUED', 'SCHEDULED', 'HOLD', 'SUCCESSFUL', 'FAILED', 'CANCELLED'] as const;
