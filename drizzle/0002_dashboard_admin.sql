CREATE TABLE "sign_in_attempts" (
	"key" text PRIMARY KEY NOT NULL,
	"failures" integer NOT NULL,
	"window_ends_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD COLUMN "disabled_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "sign_in_attempts_window_idx" ON "sign_in_attempts" USING btree ("window_ends_at");--> statement-breakpoint
-- Endpoints disabled before this column existed: the last change is the best known time.
UPDATE "webhook_endpoints" SET "disabled_at" = "updated_at" WHERE NOT "enabled" AND "disabled_at" IS NULL;
