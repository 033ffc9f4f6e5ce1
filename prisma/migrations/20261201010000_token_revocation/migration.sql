-- Revoked tenant tokens: revokeTenantToken sets revoked_at; such a token is refused everywhere, and
-- the sockets it opened are closed at the next recheck (HOOKRELAY_WS_RECHECK_MS).

ALTER TABLE "tenant_token" ADD COLUMN "revoked_at" TIMESTAMPTZ(3);
