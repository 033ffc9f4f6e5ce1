import type { Dispatcher } from '../delivery/dispatcher.ts';
import type { BulkRetryDeps } from '../events/bulk-retry.ts';
import { releaseRemaining, type ReleaseDeps } from '../events/release.ts';
import { bulkRetryExhausted, bulkRetryJob } from './bulk-retry.ts';
import { purgeExpiredJob, type PurgeDeps } from './purge-expired.ts';
import type { SchedulerHandlers } from './registry.ts';
import { sendAlertsJob, type SendAlertsDeps } from './send-alerts.ts';

export interface JobDeps {
  dispatcher: Pick<Dispatcher, 'poke'>;
  bulkRetry: BulkRetryDeps;
  alerts: SendAlertsDeps;
  purge: PurgeDeps;
  release: ReleaseDeps;
}

/** Every job body with its dependencies bound: the one place that says which function runs each job. */
export function jobHandlers(deps: JobDeps): SchedulerHandlers {
  const sendAlerts = () => sendAlertsJob(deps.alerts);
  return {
    dispatch: () => deps.dispatcher.poke(),
    // The sweep also sends alerts a crash left behind (written, but never woken for), and releases
    // held events an unpause or enable left when its process stopped mid-release.
    sweep: async () => {
      deps.dispatcher.poke();
      await releaseRemaining(deps.release, 'stray');
      await sendAlerts();
    },
    bulkRetry: (payload, heartbeat) => bulkRetryJob(payload, deps.bulkRetry, heartbeat),
    bulkRetryExhausted: (payload, error) => bulkRetryExhausted(payload, deps.bulkRetry, error),
    sendAlerts,
    purgeExpired: () => purgeExpiredJob(deps.purge),
  };
}
