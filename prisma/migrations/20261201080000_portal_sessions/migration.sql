-- Portal sessions: a tenant token carries capabilities instead of one canManage flag, and the URL
-- an expired session sends its user back to. canManage tokens keep everything they could do.

CREATE TYPE "portal_capability" AS ENUM ('MANAGE_ENDPOINTS', 'VIEW_SECRETS', 'RETRY');

ALTER TABLE "tenant_token"
  ADD COLUMN "capabilities" "portal_capability"[] DEFAULT ARRAY[]::"portal_capability"[],
  ADD COLUMN "return_url" TEXT;

UPDATE "tenant_token" SET "capabilities" = ARRAY['MANAGE_ENDPOINTS', 'VIEW_SECRETS', 'RETRY']::"portal_capability"[] WHERE "can_manage";

ALTER TABLE "tenant_token" DROP COLUMN "can_manage";

ALTER TABLE "connection" ADD COLUMN "description" TEXT;
