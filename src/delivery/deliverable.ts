/**
 * The one definition, in SQL over an event aliased `e`, of an event that may be attempted (due
 * time aside): pending, not leased by a running attempt, its connection live and not paused, its
 * destination not disabled, and, for an ordered connection, no earlier event of it still pending.
 */
export const DELIVERABLE = `
  e.status IN ('QUEUED', 'SCHEDULED')
  AND (e.locked_until IS NULL OR e.locked_until < now())
  AND EXISTS (
    SELECT 1 FROM connection c JOIN destination d ON d.id = c.destination_id
     WHERE c.id = e.connection_id AND c.paused_at IS NULL AND c.deleted_at IS NULL AND d.disabled_at IS NULL
       AND (NOT c.ordered OR NOT EXISTS (
             SELECT 1 FROM event p
              WHERE p.connection_id = e.connection_id AND p.seq < e.seq
                AND p.status IN ('QUEUED', 'SCHEDULED', 'HOLD'))))`;
