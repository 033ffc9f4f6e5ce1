-- REST publishes keep their exact bytes; the JSON body becomes optional (a binary body has none).

ALTER TABLE "event_request" ADD COLUMN "raw_body" BYTEA;
ALTER TABLE "event_request" ALTER COLUMN "body" DROP NOT NULL;
