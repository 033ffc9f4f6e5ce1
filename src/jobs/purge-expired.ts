import type pg from 'pg';
import type { Logger } from 'pino';
import { purgeExpired, retentionCutoff } from '../events/retention.ts';
import { purgeDeliveryStats } from '../destinations/stats.sql.ts';
import { purgeFinishedAlerts } from '../issues/alerts.ts';

export interface PurgeDeps {
  pool: pg.Pool;
  logger: Logger;
  /** HOOKRELAY_RETENTION_DAYS */
  retentionDays: number;
}

/** Hourly: history past retention, then finished alerts and delivery statistics past the same cutoff. */
export async function purgeExpiredJob(deps: PurgeDeps): Promise<void> {
  const purged = await purgeExpired({ pool: deps.pool, logger: deps.logger, retentionDays: deps.retentionDays });
  if (purged.requests > 0) deps.logger.info(purged, 'expired history deleted');
  const cutoff = retentionCutoff(deps.retentionDays);
  const alerts = await purgeFinishedAlerts(deps.pool, cutoff);
  if (alerts > 0) deps.logger.info({ alerts }, 'expired alerts deleted');
  const minutes = await purgeDeliveryStats(deps.pool, cutoff);
  if (minutes > 0) deps.logger.info({ minutes }, 'expired delivery statistics deleted');
}
