DROP INDEX "connect_sessions_workspace_idx";--> statement-breakpoint
ALTER TABLE "connect_sessions" ADD COLUMN "funnel_stage" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "connect_sessions" ADD COLUMN "funnel_provider" text;--> statement-breakpoint
-- Backfill the funnel's rollup from the events already recorded: the same rule as funnelStageOf in
-- lib/connect/funnel.ts (which keeps it from now on, through recordSessionEvent).
UPDATE "connect_sessions" s SET "funnel_stage" = x.stage, "funnel_provider" = x.provider
  FROM (
    SELECT session_id,
           max(CASE
                 WHEN type = 'success' THEN 6
                 WHEN type = 'step' AND step IN ('check', 'oauth_consent') THEN 5
                 WHEN type = 'error' AND step IN ('check', 'oauth') AND provider IS NOT NULL THEN 5
                 WHEN type = 'step' AND step = 'form' THEN 4
                 WHEN type = 'step' AND step = 'guide' THEN 3
                 WHEN type = 'step' AND provider IS NOT NULL THEN 2
                 WHEN type IN ('opened', 'step') THEN 1
                 ELSE 0
               END) AS stage,
           (array_agg(provider ORDER BY id DESC) FILTER (WHERE provider IS NOT NULL))[1] AS provider
      FROM "session_events"
     GROUP BY session_id
  ) x
 WHERE x.session_id = s.id;--> statement-breakpoint
UPDATE "connect_sessions" SET "funnel_provider" = "providers"[1] WHERE "funnel_provider" IS NULL AND cardinality("providers") = 1;--> statement-breakpoint
CREATE INDEX "check_runs_workspace_created_idx" ON "check_runs" USING btree ("workspace_id","created_at","trigger","outcome","provider");--> statement-breakpoint
CREATE INDEX "connect_sessions_workspace_idx" ON "connect_sessions" USING btree ("workspace_id","created_at","funnel_stage","funnel_provider");