CREATE TABLE "connection_counts" (
	"workspace_id" text NOT NULL,
	"provider" text NOT NULL,
	"status" text NOT NULL,
	"day" date NOT NULL,
	"n" bigint NOT NULL,
	CONSTRAINT "connection_counts_workspace_id_provider_status_day_pk" PRIMARY KEY("workspace_id","provider","status","day")
);
--> statement-breakpoint
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
CREATE INDEX "connect_sessions_workspace_idx" ON "connect_sessions" USING btree ("workspace_id","created_at","funnel_stage","funnel_provider");--> statement-breakpoint
-- connection_counts follows connections through statement triggers with transition tables: one
-- upsert per statement and key, whatever the number of rows; keys whose count did not change
-- (an update that left status, provider, workspace and creation day alone) are not written.
CREATE FUNCTION connection_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO connection_counts (workspace_id, provider, status, day, n)
    SELECT workspace_id, provider, status, (created_at AT TIME ZONE 'UTC')::date, count(*) FROM new_rows
     GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (workspace_id, provider, status, day) DO UPDATE SET n = connection_counts.n + excluded.n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO connection_counts (workspace_id, provider, status, day, n)
    SELECT workspace_id, provider, status, (created_at AT TIME ZONE 'UTC')::date, -count(*) FROM old_rows
     GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (workspace_id, provider, status, day) DO UPDATE SET n = connection_counts.n + excluded.n;
  ELSE
    INSERT INTO connection_counts (workspace_id, provider, status, day, n)
    SELECT workspace_id, provider, status, day, sum(d) FROM (
      SELECT workspace_id, provider, status, (created_at AT TIME ZONE 'UTC')::date AS day, 1 AS d FROM new_rows
      UNION ALL
      SELECT workspace_id, provider, status, (created_at AT TIME ZONE 'UTC')::date, -1 FROM old_rows
    ) x
     GROUP BY 1, 2, 3, 4 HAVING sum(d) <> 0 ORDER BY 1, 2, 3, 4
    ON CONFLICT (workspace_id, provider, status, day) DO UPDATE SET n = connection_counts.n + excluded.n;
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER connection_counts_insert AFTER INSERT ON connections REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION connection_counts_apply();--> statement-breakpoint
CREATE TRIGGER connection_counts_update AFTER UPDATE ON connections REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION connection_counts_apply();--> statement-breakpoint
CREATE TRIGGER connection_counts_delete AFTER DELETE ON connections REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION connection_counts_apply();--> statement-breakpoint
INSERT INTO connection_counts (workspace_id, provider, status, day, n)
SELECT workspace_id, provider, status, (created_at AT TIME ZONE 'UTC')::date, count(*) FROM connections GROUP BY 1, 2, 3, 4;
