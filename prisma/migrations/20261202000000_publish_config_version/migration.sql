-- What a publish plans against has a version (#14): the sources, the live connections and their
-- rules, the destinations' disabled state and the event type catalog. A process keeps its publish
-- lookups, and the insert stores only requests planned against the current version; any other is
-- planned again from a fresh lookup (src/events/publish-targets.ts).
CREATE TABLE "publish_config" (
  "id" BOOLEAN NOT NULL DEFAULT true,
  "version" BIGINT NOT NULL DEFAULT 1,
  CONSTRAINT "publish_config_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "publish_config_one_row" CHECK ("id")
);
INSERT INTO "publish_config" ("id", "version") VALUES (true, 1);

-- The version moves on at commit (deferred constraint triggers), so the lock on its one row is the
-- last a changing transaction takes and holds it only while it commits: two changes in different
-- orders cannot deadlock on it, and a publish never waits for it (it only reads the row).
CREATE FUNCTION "publish_config_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "publish_config" SET "version" = "version" + 1;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER "source_publish_config" AFTER INSERT OR UPDATE OR DELETE ON "source"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "publish_config_changed"();
CREATE CONSTRAINT TRIGGER "connection_publish_config" AFTER INSERT OR UPDATE OR DELETE ON "connection"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "publish_config_changed"();
CREATE CONSTRAINT TRIGGER "event_type_publish_config" AFTER INSERT OR UPDATE OR DELETE ON "event_type"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "publish_config_changed"();
-- Outcomes update destinations with every batch of attempts; only a disable or an enable matters
-- here (a deleted destination takes its connections with it).
CREATE CONSTRAINT TRIGGER "destination_publish_config" AFTER UPDATE ON "destination"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (OLD."disabled_at" IS DISTINCT FROM NEW."disabled_at")
  EXECUTE FUNCTION "publish_config_changed"();
