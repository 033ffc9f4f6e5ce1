-- Operations: destination health and rate limits, manual and bulk retries, issues, retention.

ALTER TABLE "destination"
  ADD COLUMN "rate_limit_per_second" INTEGER,
  ADD COLUMN "disabled_at" TIMESTAMPTZ(3),
  ADD COLUMN "disabled_reason" TEXT,
  ADD COLUMN "consecutive_failures" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "failing_since" TIMESTAMPTZ(3);

-- Token bucket per rate-limited destination, shared by every Hookrelay process.
CREATE TABLE "rate_bucket" (
  "destination_id" TEXT NOT NULL,
  "rate" INTEGER NOT NULL,
  "tokens" DOUBLE PRECISION NOT NULL,
  "refilled_at" TIMESTAMPTZ(3) NOT NULL,
  "granted" INTEGER NOT NULL DEFAULT 0,
  CONSTRAINT "rate_bucket_pkey" PRIMARY KEY ("destination_id"),
  CONSTRAINT "rate_bucket_destination_id_fkey" FOREIGN KEY ("destination_id") REFERENCES "destination"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- A bucket's tokens now: refilled at its rate since the last take, holding at most one second's worth.
CREATE FUNCTION "rate_bucket_refilled"(tokens DOUBLE PRECISION, refilled_at TIMESTAMPTZ, rate INTEGER)
  RETURNS DOUBLE PRECISION LANGUAGE sql STABLE
  AS $$ SELECT LEAST(rate::double precision, tokens + extract(epoch FROM now() - refilled_at) * rate) $$;

-- What the next attempt is recorded as, when a person asked for it (MANUAL, BULK_RETRY).
ALTER TABLE "event" ADD COLUMN "pending_trigger" "attempt_trigger";

-- The dispatcher claims due events in due order; only pending rows are indexed.
DROP INDEX "event_next_attempt_at_idx";
CREATE INDEX "event_due_idx" ON "event"("next_attempt_at", "seq") WHERE "status" IN ('QUEUED', 'SCHEDULED');
-- Held events are released per connection in publish order (enable, unpause) and counted by /metrics.
CREATE INDEX "event_held_idx" ON "event"("connection_id", "seq") WHERE "status" = 'HOLD';
-- Bulk retries walk matching events in publish order.
CREATE INDEX "event_source_id_seq_idx" ON "event"("source_id", "seq");
-- Retention walks requests by age.
CREATE INDEX "event_request_received_at_id_idx" ON "event_request"("received_at", "id");
CREATE INDEX "attempt_requested_at_idx" ON "attempt"("requested_at");

CREATE TYPE "issue_status" AS ENUM ('OPEN', 'ACKNOWLEDGED', 'RESOLVED');

CREATE TABLE "issue" (
  "id" TEXT NOT NULL,
  "connection_id" TEXT NOT NULL,
  "source_id" TEXT NOT NULL,
  "status" "issue_status" NOT NULL DEFAULT 'OPEN',
  "first_failure_at" TIMESTAMPTZ(3) NOT NULL,
  "last_failure_at" TIMESTAMPTZ(3) NOT NULL,
  "failure_count" INTEGER NOT NULL,
  "last_response_status" INTEGER,
  "last_error_code" TEXT,
  "acknowledged_at" TIMESTAMPTZ(3),
  "resolved_at" TIMESTAMPTZ(3),
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "issue_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "issue_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "connection"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "issue_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- At most one unresolved issue per connection: failures are grouped into it.
CREATE UNIQUE INDEX "issue_unresolved_connection_key" ON "issue"("connection_id") WHERE "status" <> 'RESOLVED';
CREATE INDEX "issue_source_id_id_idx" ON "issue"("source_id", "id" DESC);
CREATE INDEX "issue_status_id_idx" ON "issue"("status", "id" DESC);

CREATE TYPE "bulk_retry_status" AS ENUM ('RUNNING', 'COMPLETED', 'FAILED');

CREATE TABLE "bulk_retry" (
  "id" TEXT NOT NULL,
  "source_id" TEXT,
  "filter" JSONB NOT NULL,
  "status" "bulk_retry_status" NOT NULL DEFAULT 'RUNNING',
  "total" INTEGER NOT NULL,
  "scheduled" INTEGER NOT NULL DEFAULT 0,
  -- Highest event.seq already scheduled: a restarted run goes on from here.
  "cursor" BIGINT NOT NULL DEFAULT 0,
  "max_seq" BIGINT NOT NULL,
  "error" TEXT,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "finished_at" TIMESTAMPTZ(3),
  CONSTRAINT "bulk_retry_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "bulk_retry_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
