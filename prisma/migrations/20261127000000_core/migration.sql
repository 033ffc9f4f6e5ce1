-- Hookrelay core: sources, destinations, connections, requests, events, attempts.

CREATE TYPE "auth_strategy" AS ENUM ('STANDARD_WEBHOOKS', 'NONE');
CREATE TYPE "retry_strategy" AS ENUM ('LINEAR', 'EXPONENTIAL');
CREATE TYPE "event_status" AS ENUM ('SCHEDULED', 'QUEUED', 'HOLD', 'SUCCESSFUL', 'FAILED', 'CANCELLED');
CREATE TYPE "attempt_trigger" AS ENUM ('INITIAL', 'AUTOMATIC', 'MANUAL', 'BULK_RETRY');
CREATE TYPE "attempt_status" AS ENUM ('SUCCESSFUL', 'FAILED');

CREATE TABLE "setting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "setting_pkey" PRIMARY KEY ("key")
);

CREATE TABLE "source" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "source_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "source_name_key" ON "source"("name");

CREATE TABLE "destination" (
    "id" TEXT NOT NULL,
    "source_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "auth_strategy" "auth_strategy" NOT NULL DEFAULT 'STANDARD_WEBHOOKS',
    "secret" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "destination_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "destination_source_id_name_key" ON "destination"("source_id", "name");

CREATE TABLE "connection" (
    "id" TEXT NOT NULL,
    "source_id" TEXT NOT NULL,
    "destination_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "retry_strategy" "retry_strategy" NOT NULL DEFAULT 'EXPONENTIAL',
    "retry_count" INTEGER NOT NULL DEFAULT 5,
    "retry_interval_ms" INTEGER NOT NULL DEFAULT 30000,
    "retry_status_codes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "delay_ms" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deleted_at" TIMESTAMPTZ(3),
    CONSTRAINT "connection_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "connection_source_id_id_idx" ON "connection"("source_id", "id" DESC);
CREATE INDEX "connection_destination_id_idx" ON "connection"("destination_id");
-- A deleted connection keeps its row for history; only live names must be unique per source.
CREATE UNIQUE INDEX "connection_live_name_key" ON "connection"("source_id", "name") WHERE "deleted_at" IS NULL;

CREATE TABLE "event_request" (
    "id" TEXT NOT NULL,
    "source_id" TEXT NOT NULL,
    "headers" JSONB NOT NULL,
    "body" JSONB NOT NULL,
    "idempotency_key" TEXT,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "event_request_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "event_request_source_id_idempotency_key_key" ON "event_request"("source_id", "idempotency_key");

CREATE TABLE "event" (
    "id" TEXT NOT NULL,
    "request_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "source_id" TEXT NOT NULL,
    "status" "event_status" NOT NULL,
    "attempt_count" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3),
    "last_response_status" INTEGER,
    "locked_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "event_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "event_id_idx" ON "event"("id" DESC);
CREATE INDEX "event_source_id_id_idx" ON "event"("source_id", "id" DESC);
CREATE INDEX "event_connection_id_id_idx" ON "event"("connection_id", "id" DESC);
CREATE INDEX "event_request_id_idx" ON "event"("request_id");
CREATE INDEX "event_next_attempt_at_idx" ON "event"("next_attempt_at");

CREATE TABLE "attempt" (
    "id" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "trigger" "attempt_trigger" NOT NULL,
    "status" "attempt_status" NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL,
    "responded_at" TIMESTAMPTZ(3),
    "duration_ms" INTEGER,
    "response_status" INTEGER,
    "response_body" TEXT,
    "error_code" TEXT,
    "error_message" TEXT,
    CONSTRAINT "attempt_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "attempt_event_id_number_key" ON "attempt"("event_id", "number");

ALTER TABLE "destination" ADD CONSTRAINT "destination_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "connection" ADD CONSTRAINT "connection_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "connection" ADD CONSTRAINT "connection_destination_id_fkey" FOREIGN KEY ("destination_id") REFERENCES "destination"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "event_request" ADD CONSTRAINT "event_request_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "event" ADD CONSTRAINT "event_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "event_request"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "event" ADD CONSTRAINT "event_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "event" ADD CONSTRAINT "event_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "attempt" ADD CONSTRAINT "attempt_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE CASCADE;
