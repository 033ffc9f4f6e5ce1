import type pg from 'pg';
import { withTransaction } from '../db/transaction.ts';
import type { AttemptRecord } from '../delivery/attempt.ts';
import { insertAttempts } from '../events/attempts.sql.ts';
import { recordAttemptResults } from '../events/lifecycle.sql.ts';
import { destinationDisabledAlert, insertAlerts, issueOpenedAlert } from '../issues/alerts.ts';
import { recordIssues, type IssueChange } from '../issues/issues.sql.ts';
import type { DeliveryUpdateRef } from '../live/live-bus.ts';
import { disableDestinations, type DisabledDestination } from './disable.ts';
import { disableReason, summarizeHealth, type DisablePolicy } from './failure-policy.ts';
import { recordStreaks } from './health.sql.ts';
import { recordDeliveryStats } from './stats.sql.ts';

export interface RecordedOutcomes {
  /** Attempts recorded and events held, to announce live. */
  updates: DeliveryUpdateRef[];
  issues: IssueChange[];
  disabled: DisabledDestination[];
  /** Alerts written for opened issues and disabled destinations, to be sent. */
  alerts: number;
  /** A failing destination's streak moved (or one began): what the claim holds back may go now. */
  healthChanged: boolean;
}

/**
 * Records a batch of finished attempts in one transaction with multi-row statements: the attempts,
 * each event's new state, the connections' issues and the destinations' failure streaks (which
 * may disable a destination). A batch costs the same few round trips whether it holds 1 or 500.
 * It lives with destination health because destinations sit above events and issues in the
 * import order: the one place that may compose all three.
 */
export async function recordOutcomes(pool: pg.Pool, records: AttemptRecord[], policy: DisablePolicy, alerting: boolean): Promise<RecordedOutcomes> {
  return withTransaction(pool, async (client) => {
    await insertAttempts(client, records);
    await recordAttemptResults(client, records);
    await recordDeliveryStats(client, records);
    // Test events (sendTestEvent) say nothing of the endpoint's health: no issue, streak or alert.
    const real = records.filter((r) => !r.test);
    const health = summarizeHealth(real.map((r) => ({ ...r, finishedAt: new Date(r.requestedAt.getTime() + r.durationMs) })));
    const issues = await recordIssues(client, health.connections);
    const streaks = await recordStreaks(client, health.destinations);
    const gone = new Set(health.destinations.filter((d) => d.gone).map((d) => d.destinationId));
    const now = Date.now();
    const toDisable = streaks.flatMap((streak) => {
      const state = { consecutiveFailures: streak.consecutive_failures, failingSince: streak.failing_since, gone: gone.has(streak.id) };
      const reason = streak.disabled_at ? null : disableReason(state, policy, now);
      return reason ? [{ id: streak.id, reason }] : [];
    });
    const { disabled, held } = await disableDestinations(client, toDisable);
    // In this transaction: committed together with what they report, so a crash loses none.
    const alerts = alerting
      ? [...issues.filter((issue) => issue.change === 'OPENED').map((issue) => issueOpenedAlert(issue.issueId)), ...disabled.map((d) => destinationDisabledAlert(d.destinationId))]
      : [];
    await insertAlerts(client, alerts);
    return {
      updates: [...records.map((r) => ({ sourceId: r.sourceId, eventId: r.eventId, attemptId: r.attemptId })), ...held],
      issues,
      disabled,
      alerts: alerts.length,
      healthChanged: streaks.length > 0,
    };
  });
}

