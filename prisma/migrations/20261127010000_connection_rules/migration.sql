-- Connection rules: filter, transformation, deduplication, ordered delivery, pause.

ALTER TABLE "connection"
    ADD COLUMN "filter" JSONB,
    ADD COLUMN "transform_code" TEXT,
    ADD COLUMN "dedupe_window_ms" INTEGER,
    ADD COLUMN "dedupe_fields" TEXT[] DEFAULT ARRAY[]::TEXT[],
    ADD COLUMN "ordered" BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN "paused_at" TIMESTAMPTZ(3);

ALTER TABLE "event_request"
    ADD COLUMN "path" TEXT NOT NULL DEFAULT '',
    ADD COLUMN "query" JSONB NOT NULL DEFAULT '{}',
    ADD COLUMN "skipped" JSONB NOT NULL DEFAULT '[]';

ALTER TABLE "event"
    ADD COLUMN "seq" BIGSERIAL NOT NULL,
    ADD COLUMN "body" JSONB,
    ADD COLUMN "headers" JSONB,
    ADD COLUMN "dedupe_key" TEXT,
    ADD COLUMN "error_code" TEXT,
    ADD COLUMN "error_message" TEXT;

CREATE INDEX "event_connection_id_seq_idx" ON "event"("connection_id", "seq");
CREATE INDEX "event_connection_id_dedupe_key_created_at_idx" ON "event"("connection_id", "dedupe_key", "created_at");
