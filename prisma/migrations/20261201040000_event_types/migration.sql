-- The event type catalog, the type of each published request, and the types a connection receives.
CREATE TABLE "event_type" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "schema" JSONB,
    "example" JSONB,
    "deprecated" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "event_type_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "event_type_name_key" ON "event_type"("name");

ALTER TABLE "event_request" ADD COLUMN "event_type" TEXT;
ALTER TABLE "connection" ADD COLUMN "event_types" TEXT[] DEFAULT ARRAY[]::TEXT[];
