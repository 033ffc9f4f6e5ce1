-- Leases leave the event row (#14). A claim wrote a whole new version of each event it leased,
-- body included, and an entry in each of the event's eight indexes, and left a dead entry at the
-- head of event_due_idx for the next claim to read past; it now inserts one small row here. The
-- event is written at publish and at its outcome only.
CREATE TABLE "event_lease" (
  "event_id" TEXT NOT NULL,
  "destination_id" TEXT NOT NULL,
  "locked_until" TIMESTAMPTZ(3) NOT NULL,
  CONSTRAINT "event_lease_pkey" PRIMARY KEY ("event_id"),
  CONSTRAINT "event_lease_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- A failing destination gets one attempt at a time: the claim asks whether any event of it is leased.
CREATE INDEX "event_lease_destination_id_idx" ON "event_lease"("destination_id");

INSERT INTO "event_lease" ("event_id", "destination_id", "locked_until")
SELECT e."id", c."destination_id", e."locked_until"
  FROM "event" e JOIN "connection" c ON c."id" = e."connection_id"
 WHERE e."locked_until" > now();

DROP INDEX "event_leased_idx";
ALTER TABLE "event" DROP COLUMN "locked_until";
