-- Per-minute delivery figures per destination, kept in the outcome transaction (Destination.stats).
CREATE TABLE "delivery_stats_minute" (
    "destination_id" TEXT NOT NULL REFERENCES "destination"("id") ON DELETE CASCADE,
    "minute" TIMESTAMPTZ(3) NOT NULL,
    "successful" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "latency" INTEGER[],
    "last_success_at" TIMESTAMPTZ(3),
    "last_failure_at" TIMESTAMPTZ(3),
    CONSTRAINT "delivery_stats_minute_pkey" PRIMARY KEY ("destination_id", "minute")
);

-- Element-wise sum of two latency histograms of the same length.
CREATE FUNCTION hookrelay_add_counts(a INTEGER[], b INTEGER[]) RETURNS INTEGER[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT array_agg(COALESCE(x, 0) + COALESCE(y, 0) ORDER BY i) FROM unnest(a, b) WITH ORDINALITY AS t(x, y, i)
$$;
