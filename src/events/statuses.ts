import type { EventStatus } from '../generated/prisma/client.ts';

/** Waiting for an attempt (due now or later). */
export const PENDING_STATUSES = ['QUEUED', 'SCHEDULED'] as const satisfies readonly EventStatus[];
/** Not final: a cancel stops these. */
export const CANCELLABLE_STATUSES = [...PENDING_STATUSES, 'HOLD'] as const satisfies readonly EventStatus[];
/** Final states a retry starts again from. */
export const RETRYABLE_STATUSES = ['SUCCESSFUL', 'FAILED', 'CANCELLED'] as const satisfies readonly EventStatus[];

/**
 * Status lists are spelled into the SQL text, not passed as parameters: the planner can then
 * match the partial indexes (event_due_idx, event_pending_idx) whose predicates name them.
 */
export const sqlList = (statuses: readonly EventStatus[]) => statuses.map((status) => `'${status}'`).join(', ');
