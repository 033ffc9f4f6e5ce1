-- Headers a destination adds to every delivery to it.
ALTER TABLE "destination" ADD COLUMN "headers" JSONB NOT NULL DEFAULT '{}';
