-- Events sent by sendTestEvent: delivered, shown in history, kept out of issues, alerts and auto-disable.
ALTER TABLE "event" ADD COLUMN "test" BOOLEAN NOT NULL DEFAULT false;
