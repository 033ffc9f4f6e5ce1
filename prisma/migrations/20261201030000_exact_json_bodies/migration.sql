-- Bodies are delivered as the JSON text they were published (or transformed) as: jsonb keeps the
-- parsed form for queries and filters, but reorders keys and drops duplicates and formatting.
ALTER TABLE "event_request" ADD COLUMN "body_text" TEXT;
ALTER TABLE "event" ADD COLUMN "body_text" TEXT;
