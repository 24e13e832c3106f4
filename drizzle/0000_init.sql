CREATE TABLE "api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"last_four" text NOT NULL,
	"hash" text NOT NULL,
	"permissions" text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_hash_unique" UNIQUE("hash")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"workspace_id" text,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"action" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"reason" text,
	"ip" text,
	"user_agent" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "check_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"connection_id" text,
	"session_id" text,
	"provider" text NOT NULL,
	"trigger" text NOT NULL,
	"outcome" text NOT NULL,
	"scope_results" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"auth_status" integer,
	"duration_ms" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "connect_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"token_hash" text NOT NULL,
	"end_user_id" text NOT NULL,
	"end_user_name" text,
	"end_user_email" text,
	"providers" text[],
	"scopes" text[],
	"optional_scopes" text[],
	"provider_options" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"language" text,
	"mode" text DEFAULT 'create' NOT NULL,
	"connection_id" text,
	"link" text DEFAULT 'embed' NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_by_api_key_id" text,
	"created_by_staff_id" text,
	"last_step" text,
	"last_error_code" text,
	"last_activity_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "connect_sessions_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "connections" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"end_user_id" text NOT NULL,
	"end_user_name" text,
	"end_user_email" text,
	"provider" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"sync_status" text,
	"sync_message" text,
	"sync_status_at" timestamp with time zone,
	"account_label" text,
	"required_scopes" text[] DEFAULT '{}'::text[] NOT NULL,
	"optional_scopes" text[] DEFAULT '{}'::text[] NOT NULL,
	"provider_options" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"scope_results" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"provider_state" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"last_checked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "credentials" (
	"id" text PRIMARY KEY NOT NULL,
	"connection_id" text NOT NULL,
	"workspace_id" text NOT NULL,
	"provider" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"kek_id" text,
	"wrapped_key" "bytea",
	"iv" "bytea",
	"tag" "bytea",
	"ciphertext" "bytea",
	"fingerprint" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"shredded_at" timestamp with time zone,
	CONSTRAINT "credentials_connection_id_unique" UNIQUE("connection_id")
);
--> statement-breakpoint
CREATE TABLE "events" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"id" text NOT NULL,
	"workspace_id" text NOT NULL,
	"type" text NOT NULL,
	"connection_id" text,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"relayed_at" timestamp with time zone,
	"relay_seq" bigint,
	CONSTRAINT "events_id_unique" UNIQUE("id")
);
--> statement-breakpoint
CREATE TABLE "session_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"session_id" text NOT NULL,
	"workspace_id" text NOT NULL,
	"type" text NOT NULL,
	"step" text,
	"code" text,
	"provider" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staff_users" (
	"id" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"name" text,
	"password_hash" text,
	"role" text DEFAULT 'viewer' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_login_at" timestamp with time zone,
	"sessions_revoked_at" timestamp with time zone,
	"disabled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"endpoint_id" text NOT NULL,
	"event_id" text NOT NULL,
	"attempt" integer NOT NULL,
	"status_code" integer,
	"duration_ms" integer,
	"error" text,
	"succeeded" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_endpoints" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"url" text NOT NULL,
	"description" text,
	"event_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"secrets" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"disabled_reason" text,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workspaces" (
	"id" text PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"allowed_origins" text[] DEFAULT '{}'::text[] NOT NULL,
	"branding" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"default_language" text DEFAULT 'en' NOT NULL,
	"justworks_first_name" text DEFAULT 'Latchkey' NOT NULL,
	"justworks_email_domain" text,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workspaces_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_runs" ADD CONSTRAINT "check_runs_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connect_sessions" ADD CONSTRAINT "connect_sessions_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connections" ADD CONSTRAINT "connections_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_events" ADD CONSTRAINT "session_events_session_id_connect_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."connect_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_endpoint_id_webhook_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."webhook_endpoints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_keys_workspace_idx" ON "api_keys" USING btree ("workspace_id");--> statement-breakpoint
CREATE INDEX "audit_log_workspace_idx" ON "audit_log" USING btree ("workspace_id","id");--> statement-breakpoint
CREATE INDEX "audit_log_target_idx" ON "audit_log" USING btree ("target_type","target_id");--> statement-breakpoint
CREATE INDEX "audit_log_action_idx" ON "audit_log" USING btree ("action","id");--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor_id","id");--> statement-breakpoint
CREATE INDEX "check_runs_connection_idx" ON "check_runs" USING btree ("connection_id","created_at");--> statement-breakpoint
CREATE INDEX "check_runs_session_idx" ON "check_runs" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "connect_sessions_workspace_idx" ON "connect_sessions" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE INDEX "connect_sessions_unfinished_idx" ON "connect_sessions" USING btree ("last_activity_at") WHERE used_at is null;--> statement-breakpoint
CREATE INDEX "connect_sessions_connection_idx" ON "connect_sessions" USING btree ("connection_id");--> statement-breakpoint
CREATE INDEX "connections_workspace_created_idx" ON "connections" USING btree ("workspace_id","created_at","id");--> statement-breakpoint
CREATE INDEX "connections_workspace_status_idx" ON "connections" USING btree ("workspace_id","status");--> statement-breakpoint
CREATE INDEX "connections_end_user_idx" ON "connections" USING btree ("workspace_id","end_user_id");--> statement-breakpoint
CREATE INDEX "connections_created_idx" ON "connections" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "connections_status_created_idx" ON "connections" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "connections_provider_created_idx" ON "connections" USING btree ("provider","created_at","id");--> statement-breakpoint
CREATE INDEX "connections_search_end_user_id_idx" ON "connections" USING btree (lower("end_user_id") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "connections_search_name_idx" ON "connections" USING btree (lower("end_user_name") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "connections_search_email_idx" ON "connections" USING btree (lower("end_user_email") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "connections_search_label_idx" ON "connections" USING btree (lower("account_label") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "credentials_kek_idx" ON "credentials" USING btree ("kek_id");--> statement-breakpoint
CREATE INDEX "events_workspace_seq_idx" ON "events" USING btree ("workspace_id","seq");--> statement-breakpoint
CREATE INDEX "events_workspace_relay_seq_idx" ON "events" USING btree ("workspace_id","relay_seq");--> statement-breakpoint
CREATE UNIQUE INDEX "events_relay_seq_idx" ON "events" USING btree ("relay_seq");--> statement-breakpoint
CREATE INDEX "events_unrelayed_idx" ON "events" USING btree ("seq") WHERE relayed_at is null;--> statement-breakpoint
CREATE INDEX "events_connection_idx" ON "events" USING btree ("connection_id","seq");--> statement-breakpoint
CREATE INDEX "session_events_session_idx" ON "session_events" USING btree ("session_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "staff_users_email_idx" ON "staff_users" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "webhook_deliveries_endpoint_idx" ON "webhook_deliveries" USING btree ("endpoint_id","created_at");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_event_idx" ON "webhook_deliveries" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "webhook_endpoints_workspace_idx" ON "webhook_endpoints" USING btree ("workspace_id");