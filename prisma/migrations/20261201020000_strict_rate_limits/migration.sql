-- Strict rate limits and half-open probing of failing destinations.

-- A limit is a count per period. The token bucket it replaces started full and refilled, so one
-- second could see twice the limit; the schedule below spaces deliveries period / count apart.
CREATE TYPE "rate_limit_period" AS ENUM ('SECOND', 'MINUTE', 'HOUR');

ALTER TABLE "destination"
  ADD COLUMN "rate_limit_count" INTEGER,
  ADD COLUMN "rate_limit_period" "rate_limit_period",
  ADD COLUMN "probe_until" TIMESTAMPTZ(3),
  ADD CONSTRAINT "destination_rate_limit_check" CHECK (("rate_limit_count" IS NULL) = ("rate_limit_period" IS NULL));
UPDATE "destination" SET "rate_limit_count" = "rate_limit_per_second", "rate_limit_period" = 'SECOND'
 WHERE "rate_limit_per_second" IS NOT NULL;
ALTER TABLE "destination" DROP COLUMN "rate_limit_per_second";

DROP TABLE "rate_bucket";
DROP FUNCTION "rate_bucket_refilled";

-- GCRA without burst: the next delivery may go at next_slot_at, shared by every process.
CREATE TABLE "rate_limit_slot" (
  "destination_id" TEXT NOT NULL,
  "next_slot_at" TIMESTAMPTZ(6) NOT NULL,
  "interval_us" BIGINT NOT NULL,
  "granted" INTEGER NOT NULL DEFAULT 0,
  CONSTRAINT "rate_limit_slot_pkey" PRIMARY KEY ("destination_id"),
  CONSTRAINT "rate_limit_slot_destination_id_fkey" FOREIGN KEY ("destination_id") REFERENCES "destination"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- A failing destination gets one attempt at a time: until its probe is out (probe_until), the
-- claim asks whether any event of it is leased. Leases are few (what is in flight), so this index
-- stays small; without it the question reads every pending event of the destination.
CREATE INDEX "event_leased_idx" ON "event"("connection_id") WHERE "locked_until" IS NOT NULL;
