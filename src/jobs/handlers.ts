import type { Dispatcher } from '../delivery/dispatcher.ts';
import type { BulkRetryDeps } from '../events/bulk-retry.ts';
import { bulkRetryExhausted, bulkRetryJob } from './bulk-retry.ts';
import { purgeExpiredJob, type PurgeDeps } from './purge-expired.ts';
import type { SchedulerHandlers } from './registry.ts';
import { sendAlertsJob, type SendAlertsDeps } from './send-alerts.ts';

export interface JobDeps {
  dispatcher: Pick<Dispatcher, 'poke'>;
  bulkRetry: BulkRetryDeps;
  alerts: SendAlertsDeps;
  purge: PurgeDeps;
}

/** Every job body with its dependencies bound: the one place that says which function runs each job. */
export function jobHandlers(deps: JobDeps): SchedulerHandlers {
  const sendAlerts = () => sendAlertsJob(deps.alerts);
  return {
    dispatch: () => deps.dispatcher.poke(),
    // The sweep also sends alerts a crash left behind (written, but never woken for).
    sweep: async () => {
      deps.dispatcher.poke();
      await sendAlerts();
    },
    bulkRetry: (payload, heartbeat) => bulkRetryJob(payload, deps.bulkRetry, heartbeat),
    bulkRetryExhausted: (payload, error) => bulkRetryExhausted(payload, deps.bulkRetry, error),
    sendAlerts,
    purgeExpired: () => purgeExpiredJob(deps.purge),
  };
}
