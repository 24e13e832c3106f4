-- Per-provider workspace settings move into one jsonb column keyed by provider id; the two
-- Justworks columns' values are copied under "justworks" (an unset domain stays unset).
ALTER TABLE "workspaces" ADD COLUMN "provider_settings" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
UPDATE "workspaces" SET "provider_settings" = jsonb_build_object('justworks', jsonb_strip_nulls(jsonb_build_object('firstName', "justworks_first_name", 'emailDomain', "justworks_email_domain")));--> statement-breakpoint
ALTER TABLE "workspaces" DROP COLUMN "justworks_first_name";--> statement-breakpoint
ALTER TABLE "workspaces" DROP COLUMN "justworks_email_domain";
