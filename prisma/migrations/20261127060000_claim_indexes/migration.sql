-- The primary key's btree serves ORDER BY id DESC as well: this second index on id only added an
-- entry to every event write (publish, claim, outcome).
DROP INDEX "event_id_idx";


-- An ordered connection's event waits while an earlier one is pending. That check walked every
-- earlier event of the connection, delivered ones included (seconds per claim on a long history);
-- pending events alone are few.
CREATE INDEX "event_pending_idx" ON "event"("connection_id", "seq") WHERE "status" IN ('QUEUED', 'SCHEDULED', 'HOLD');
