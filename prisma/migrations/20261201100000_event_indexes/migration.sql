-- Fewer index entries per event write (#14). No update of an event is HOT (each one changes an
-- indexed column), so every write of an event row adds an entry to each index whose predicate
-- the new version satisfies: about 29 index entries per delivered event before this.
--
-- (connection_id, seq) over every status: the ordered-delivery check reads event_pending_idx,
-- history by connection reads (connection_id, id DESC), bulk retry in publish order reads
-- (source_id, seq) and filters the connection.
DROP INDEX "event_connection_id_seq_idx";
-- Deduplication looks up equal keys only; most events have none, and now cost this index nothing.
DROP INDEX "event_connection_id_dedupe_key_created_at_idx";
CREATE INDEX "event_dedupe_idx" ON "event"("connection_id", "dedupe_key", "created_at") WHERE "dedupe_key" IS NOT NULL;
