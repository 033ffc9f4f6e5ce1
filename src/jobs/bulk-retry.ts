import { failBulkRetry, runBulkRetry, type BulkRetryDeps } from '../events/bulk-retry.ts';

/** Schedules a bulk retry's events from its cursor on; a restart of the job resumes there. */
export function bulkRetryJob(payload: { bulkRetryId: string }, deps: BulkRetryDeps, heartbeat: () => Promise<void>): Promise<void> {
  return runBulkRetry(deps, payload.bulkRetryId, heartbeat);
}

/** The job failed its last try: the run ends FAILED with that error. */
export async function bulkRetryExhausted(payload: { bulkRetryId: string }, deps: Pick<BulkRetryDeps, 'db' | 'logger'>, error: Error): Promise<void> {
  await failBulkRetry(deps.db, payload.bulkRetryId, error.message);
  deps.logger.warn({ bulkRetryId: payload.bulkRetryId, err: error.message }, 'bulk retry failed after its last try');
}
