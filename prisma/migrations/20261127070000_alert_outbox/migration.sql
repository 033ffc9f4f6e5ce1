-- Alerts to HOOKRELAY_ALERT_URL, written in the same transaction as the issue or the disablement
-- they report: a crash between that commit and the send loses none (an outbox). A row is pending
-- while next_attempt_at is set; sent_at says it arrived, last_error why the last try failed.
CREATE TABLE "alert" (
  "id" TEXT NOT NULL,
  "type" TEXT NOT NULL,
  "subject_id" TEXT NOT NULL,
  "attempts" INTEGER NOT NULL DEFAULT 0,
  "next_attempt_at" TIMESTAMPTZ(3) DEFAULT CURRENT_TIMESTAMP,
  "sent_at" TIMESTAMPTZ(3),
  "last_error" TEXT,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "alert_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "alert_pending_idx" ON "alert"("next_attempt_at") WHERE "next_attempt_at" IS NOT NULL;
CREATE INDEX "alert_created_at_idx" ON "alert"("created_at");
