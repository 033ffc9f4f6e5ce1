-- Tenant tokens: opaque bearer tokens, stored as SHA-256 only, each limited to one source.

CREATE TABLE "tenant_token" (
    "id" TEXT NOT NULL,
    "source_id" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "can_manage" BOOLEAN NOT NULL DEFAULT false,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "tenant_token_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "tenant_token_token_hash_key" ON "tenant_token"("token_hash");
CREATE INDEX "tenant_token_source_id_idx" ON "tenant_token"("source_id");
ALTER TABLE "tenant_token" ADD CONSTRAINT "tenant_token_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE CASCADE ON UPDATE CASCADE;
