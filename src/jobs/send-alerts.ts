import { sendDueAlerts, type AlertDeps } from '../issues/alerts.ts';

export interface SendAlertsDeps {
  /** Unset when HOOKRELAY_ALERT_URL is not configured: nothing to send. */
  alerts: AlertDeps | null;
  wakeAlerts(at: Date): void;
}

/** Drains the alert outbox, then asks to be woken when the next retry of an alert is due. */
export async function sendAlertsJob(deps: SendAlertsDeps): Promise<void> {
  if (!deps.alerts) return;
  const next = await sendDueAlerts(deps.alerts);
  if (next) deps.wakeAlerts(next);
}
