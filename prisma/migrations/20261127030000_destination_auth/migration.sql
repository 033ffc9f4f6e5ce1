-- Destination authentication strategies, secret rotation, secrets encrypted at rest.

ALTER TYPE "auth_strategy" ADD VALUE 'CUSTOM_SIGNATURE';
ALTER TYPE "auth_strategy" ADD VALUE 'BASIC';
ALTER TYPE "auth_strategy" ADD VALUE 'BEARER';
ALTER TYPE "auth_strategy" ADD VALUE 'API_KEY';

ALTER TABLE "destination"
    ADD COLUMN "header_name" TEXT,
    ADD COLUMN "username" TEXT,
    ADD COLUMN "credential" TEXT,
    ADD COLUMN "previous_secret" TEXT,
    ADD COLUMN "previous_secret_expires_at" TIMESTAMPTZ(3);
