CREATE TABLE "kek_wrap_counts" (
	"kek_id" text PRIMARY KEY NOT NULL,
	"wraps" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "request_id" text;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "outcome" text DEFAULT 'success' NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "seq" bigint;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "prev_hash" text;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "hash" text;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_log_seq_idx" ON "audit_log" USING btree ("seq");--> statement-breakpoint
-- The audit log's hash chain. Source of the hand-written part of drizzle/0003_audit_chain.sql.
-- Each row gets seq (1, 2, 3, … without gaps), prev_hash (the previous row's hash) and
-- hash = sha256(prev_hash ‖ content), content being audit_log_content() below. lib/audit.ts
-- (verifyAuditChain, `npm run audit:verify`) recomputes the same text and hash independently.
CREATE OR REPLACE FUNCTION audit_log_content(r audit_log) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_array(r.id, r.seq, (extract(epoch from r.created_at) * 1000000)::bigint, r.workspace_id, r.actor_type,
    r.actor_id, r.action, r.target_type, r.target_id, r.reason, r.ip, r.user_agent, r.details, r.request_id, r.outcome)::text
$$;--> statement-breakpoint
-- Concurrency: the advisory lock is held until the inserting transaction ends, so rows are chained
-- one transaction at a time and each new row's predecessor is committed (or its own earlier row).
-- A transaction that took a snapshot earlier (REPEATABLE READ) and missed a newer row fails on the
-- unique index of seq instead of forking the chain. The row's own values for seq and the hashes
-- are always overwritten.
CREATE OR REPLACE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  last_seq bigint;
  last_hash text;
BEGIN
  PERFORM pg_advisory_xact_lock(4711042017);
  SELECT a.seq, a.hash INTO last_seq, last_hash FROM audit_log a WHERE a.seq IS NOT NULL ORDER BY a.seq DESC LIMIT 1;
  NEW.seq := coalesce(last_seq, 0) + 1;
  NEW.prev_hash := last_hash;
  NEW.hash := encode(sha256(convert_to(coalesce(last_hash, '') || audit_log_content(NEW), 'UTF8')), 'hex');
  RETURN NEW;
END;
$$;--> statement-breakpoint
-- Rows written before the chain existed join it in id order (the insert-only trigger is paused for
-- this one statement block, inside the migration's transaction).
ALTER TABLE "audit_log" DISABLE TRIGGER audit_log_no_update_delete;--> statement-breakpoint
DO $$
DECLARE
  r record;
  h text := NULL;
  n bigint := 0;
BEGIN
  FOR r IN SELECT id FROM audit_log ORDER BY id LOOP
    n := n + 1;
    UPDATE audit_log SET seq = n, prev_hash = h WHERE id = r.id;
    SELECT encode(sha256(convert_to(coalesce(h, '') || audit_log_content(a), 'UTF8')), 'hex') INTO h FROM audit_log a WHERE a.id = r.id;
    UPDATE audit_log SET hash = h WHERE id = r.id;
  END LOOP;
END;
$$;--> statement-breakpoint
ALTER TABLE "audit_log" ENABLE TRIGGER audit_log_no_update_delete;--> statement-breakpoint
CREATE TRIGGER audit_log_chain BEFORE INSERT ON "audit_log" FOR EACH ROW EXECUTE FUNCTION audit_log_chain();--> statement-breakpoint
-- Nobody but the owner may change the log (the app's role gets INSERT and SELECT: lib/db/roles.ts).
REVOKE UPDATE, DELETE, TRUNCATE ON "audit_log" FROM PUBLIC;
