import { sql } from "drizzle-orm";
import {
  smallint,
  date,
  primaryKey,
  bigint,
  bigserial,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType: () => "bytea",
});

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();

export type Branding = { displayName?: string; logoUrl?: string; accentColor?: string };

/** A vendor. */
export const workspaces = pgTable("workspaces", {
  id: text("id").primaryKey(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  allowedOrigins: text("allowed_origins").array().notNull().default(sql`'{}'::text[]`),
  branding: jsonb("branding").$type<Branding>().notNull().default({}),
  defaultLanguage: text("default_language").$type<"en" | "de">().notNull().default("en"),
  /**
   * Per-provider settings support staff set in the dashboard, by provider id (e.g. a service
   * user's first name and e-mail domain). Each provider declares and parses its own part
   * (lib/providers/settings.ts); this column knows no provider.
   */
  providerSettings: jsonb("provider_settings").$type<Partial<Record<string, Record<string, unknown>>>>().notNull().default({}),
  isDemo: boolean("is_demo").notNull().default(false),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
export type Workspace = typeof workspaces.$inferSelect;
export type NewWorkspace = typeof workspaces.$inferInsert;

export const apiKeyPermissions = ["sessions:write", "connections:read", "connections:write", "credentials:read", "proxy:write"] as const;
export type ApiKeyPermission = (typeof apiKeyPermissions)[number];
/**
 * Permissions that reach a secret: `credentials:read` (the plaintext, and passthrough GET/HEAD)
 * and `proxy:write` (passthrough writes as the customer). Only the operator grants them, through
 * the CLI (`apikey:create`); the dashboard refuses them server-side and shows which keys hold them.
 */
export const operatorOnlyPermissions = ["credentials:read", "proxy:write"] as const satisfies readonly ApiKeyPermission[];
/** What a staff admin may grant from the dashboard. */
export const dashboardKeyPermissions = apiKeyPermissions.filter((p) => !(operatorOnlyPermissions as readonly string[]).includes(p));

/** Only a hash of the key is stored; the key itself is shown once. */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    lastFour: text("last_four").notNull(),
    hash: text("hash").notNull().unique(),
    permissions: text("permissions").array().$type<ApiKeyPermission[]>().notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("api_keys_workspace_idx").on(t.workspaceId)],
);
export type ApiKey = typeof apiKeys.$inferSelect;
export type NewApiKey = typeof apiKeys.$inferInsert;

export const connectSessions = pgTable(
  "connect_sessions",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id),
    tokenHash: text("token_hash").notNull().unique(),
    endUserId: text("end_user_id").notNull(),
    endUserName: text("end_user_name"),
    endUserEmail: text("end_user_email"),
    /** null: every provider */
    providers: text("providers").array(),
    /** null: the providers' default required scopes */
    scopes: text("scopes").array(),
    optionalScopes: text("optional_scopes").array(),
    /** Per-provider options, e.g. { personio: { attributes: [...] } } */
    providerOptions: jsonb("provider_options").$type<Record<string, unknown>>().notNull().default({}),
    /** What the vendor already knows, per provider: non-secret field values, confirmed prerequisites (lib/providers/prefill.ts). Never a secret. */
    prefill: jsonb("prefill").$type<Record<string, { fields?: Record<string, string>; confirmed?: string[] }>>().notNull().default({}),
    language: text("language").$type<"en" | "de">(),
    mode: text("mode").$type<"create" | "reconnect">().notNull().default("create"),
    connectionId: text("connection_id"),
    link: text("link").$type<"embed" | "hosted">().notNull().default("embed"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    /** Withdrawn by the vendor before use (DELETE /api/v1/connect/sessions/{id}): the link opens nothing. */
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdByApiKeyId: text("created_by_api_key_id"),
    createdByStaffId: text("created_by_staff_id"),
    /** What the customer last reached and last saw, for support's "flow failures" view. */
    lastStep: text("last_step"),
    lastErrorCode: text("last_error_code"),
    lastActivityAt: timestamp("last_activity_at", { withTimezone: true }),
    /** The funnel's rollup, kept by recordSessionEvent (lib/connect/funnel.ts): the furthest stage's rank, 0 "created". */
    funnelStage: smallint("funnel_stage").notNull().default(0),
    /** The provider the admin chose (the latest session event naming one). */
    funnelProvider: text("funnel_provider"),
    createdAt: createdAt(),
  },
  (t) => [
    // The dashboard's Insights funnel reads only this index (workspace, time range → stage, provider).
    index("connect_sessions_workspace_idx").on(t.workspaceId, t.createdAt, t.funnelStage, t.funnelProvider),
    // The dashboard's "flow failures": opened, never completed.
    index("connect_sessions_unfinished_idx").on(t.lastActivityAt).where(sql`used_at is null`),
    index("connect_sessions_connection_idx").on(t.connectionId),
  ],
);
export type ConnectSession = typeof connectSessions.$inferSelect;
export type NewConnectSession = typeof connectSessions.$inferInsert;

export const connectionStatuses = ["active", "needs_attention", "pending", "deleted"] as const;
export type ConnectionStatus = (typeof connectionStatuses)[number];

export type ScopeResult = {
  status: "granted" | "missing" | "unknown";
  required: boolean;
  providerStatus?: number;
  detail?: string;
};

export const connections = pgTable(
  "connections",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id),
    endUserId: text("end_user_id").notNull(),
    endUserName: text("end_user_name"),
    endUserEmail: text("end_user_email"),
    provider: text("provider").notNull(),
    status: text("status").$type<ConnectionStatus>().notNull().default("active"),
    /** Reported by the sync backend: syncing | healthy | error */
    syncStatus: text("sync_status"),
    syncMessage: text("sync_message"),
    syncStatusAt: timestamp("sync_status_at", { withTimezone: true }),
    accountLabel: text("account_label"),
    requiredScopes: text("required_scopes").array().notNull().default(sql`'{}'::text[]`),
    optionalScopes: text("optional_scopes").array().notNull().default(sql`'{}'::text[]`),
    providerOptions: jsonb("provider_options").$type<Record<string, unknown>>().notNull().default({}),
    /** Latest check result per scope. */
    scopeResults: jsonb("scope_results").$type<Record<string, ScopeResult>>().notNull().default({}),
    /** Provider-specific state, e.g. a service-user flow's state machine (lib/providers/flows.ts). */
    providerState: jsonb("provider_state").$type<Record<string, unknown>>().notNull().default({}),
    lastCheckedAt: timestamp("last_checked_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (t) => [
    index("connections_workspace_created_idx").on(t.workspaceId, t.createdAt, t.id),
    index("connections_workspace_status_idx").on(t.workspaceId, t.status),
    index("connections_end_user_idx").on(t.workspaceId, t.endUserId),
    // The dashboard's list (keyset on created_at, id) and its filters; search is a prefix match on
    // lower(...) with text_pattern_ops, which works on every collation and on PGlite (no pg_trgm).
    index("connections_created_idx").on(t.createdAt, t.id),
    index("connections_status_created_idx").on(t.status, t.createdAt, t.id),
    index("connections_provider_created_idx").on(t.provider, t.createdAt, t.id),
    index("connections_search_end_user_id_idx").using("btree", sql`lower(${t.endUserId}) text_pattern_ops`),
    index("connections_search_name_idx").using("btree", sql`lower(${t.endUserName}) text_pattern_ops`),
    index("connections_search_email_idx").using("btree", sql`lower(${t.endUserEmail}) text_pattern_ops`),
    index("connections_search_label_idx").using("btree", sql`lower(${t.accountLabel}) text_pattern_ops`),
  ],
);
export type Connection = typeof connections.$inferSelect;
export type NewConnection = typeof connections.$inferInsert;

/**
 * A sealed credential (lib/vault). One current version per connection. The associated data binds
 * it to workspace id, connection id, provider and version, read from these very columns.
 * Crypto-shredding nulls the wrapped key and ciphertext and sets shredded_at.
 */
export const credentials = pgTable(
  "credentials",
  {
    id: text("id").primaryKey(),
    connectionId: text("connection_id").notNull().unique().references(() => connections.id),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id),
    provider: text("provider").notNull(),
    version: integer("version").notNull().default(1),
    kekId: text("kek_id"),
    wrappedKey: bytea("wrapped_key"),
    iv: bytea("iv"),
    tag: bytea("tag"),
    ciphertext: bytea("ciphertext"),
    fingerprint: text("fingerprint"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    shreddedAt: timestamp("shredded_at", { withTimezone: true }),
  },
  (t) => [index("credentials_kek_idx").on(t.kekId)],
);
export type Credential = typeof credentials.$inferSelect;
export type NewCredential = typeof credentials.$inferInsert;

/**
 * A workspace's OAuth application at a provider (lib/connections/oauth.ts): the client id the
 * provider issued and the client secret, sealed in the credential layout (lib/vault/oauth-apps.ts,
 * registered in lib/vault/registry.ts). `preferred`: the wizard offers OAuth before the provider's
 * own route. One per workspace and provider; `version` is bound into the sealed secret.
 */
export const oauthApps = pgTable(
  "oauth_apps",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id),
    provider: text("provider").notNull(),
    clientId: text("client_id").notNull(),
    preferred: boolean("preferred").notNull().default(true),
    version: integer("version").notNull().default(1),
    kekId: text("kek_id"),
    wrappedKey: bytea("wrapped_key"),
    iv: bytea("iv"),
    tag: bytea("tag"),
    ciphertext: bytea("ciphertext"),
    fingerprint: text("fingerprint"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    shreddedAt: timestamp("shredded_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("oauth_apps_workspace_provider_idx").on(t.workspaceId, t.provider), index("oauth_apps_kek_idx").on(t.kekId)],
);
export type OAuthApp = typeof oauthApps.$inferSelect;

/**
 * One consent attempt: the `state` sent to the provider (only its sha256 is stored), bound to the
 * connect session, single use (`used_at`), short lived (`expires_at`). `outcome` is what the
 * callback decided, read by the wizard when the consent ran in a tab it cannot hear from.
 */
export const oauthStates = pgTable(
  "oauth_states",
  {
    id: text("id").primaryKey(),
    stateHash: text("state_hash").notNull().unique(),
    sessionId: text("session_id").notNull().references(() => connectSessions.id),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id),
    provider: text("provider").notNull(),
    display: text("display").$type<"popup" | "redirect">().notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    outcome: jsonb("outcome").$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [index("oauth_states_session_idx").on(t.sessionId)],
);
export type OAuthState = typeof oauthStates.$inferSelect;

export const checkTriggers = ["wizard", "dashboard", "schedule", "api"] as const;
export type CheckTrigger = (typeof checkTriggers)[number];

export const checkRuns = pgTable(
  "check_runs",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id),
    connectionId: text("connection_id"),
    sessionId: text("session_id"),
    provider: text("provider").notNull(),
    trigger: text("trigger").$type<CheckTrigger>().notNull(),
    /** ok | missing_scopes | invalid_credentials | rate_limited | provider_unreachable | provider_error */
    outcome: text("outcome").notNull(),
    scopeResults: jsonb("scope_results").$type<Record<string, ScopeResult & { latencyMs?: number }>>().notNull().default({}),
    authStatus: integer("auth_status"),
    durationMs: integer("duration_ms").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("check_runs_connection_idx").on(t.connectionId, t.createdAt),
    index("check_runs_session_idx").on(t.sessionId),
    // The dashboard's Insights page: a workspace's checks in a time range, read from the index alone.
    index("check_runs_workspace_created_idx").on(t.workspaceId, t.createdAt, t.trigger, t.outcome, t.provider),
  ],
);
export type CheckRun = typeof checkRuns.$inferSelect;
export type NewCheckRun = typeof checkRuns.$inferInsert;

/** Funnel events of a connect session: opened, step reached, error shown. */
export const sessionEvents = pgTable(
  "session_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    sessionId: text("session_id").notNull().references(() => connectSessions.id),
    workspaceId: text("workspace_id").notNull(),
    type: text("type").notNull(),
    step: text("step"),
    code: text("code"),
    provider: text("provider"),
    createdAt: createdAt(),
  },
  (t) => [index("session_events_session_idx").on(t.sessionId, t.id)],
);
export type SessionEvent = typeof sessionEvents.$inferSelect;

/**
 * Connections per workspace, provider, status and UTC day of creation, kept by statement triggers
 * on `connections` (migration 0009_insights): the dashboard's counts per status sum these instead
 * of counting a million rows (lib/db/queries/dashboard.ts, countConnectionsByStatus). Never
 * written by the application.
 */
export const connectionCounts = pgTable(
  "connection_counts",
  {
    workspaceId: text("workspace_id").notNull(),
    provider: text("provider").notNull(),
    status: text("status").$type<ConnectionStatus>().notNull(),
    day: date("day", { mode: "string" }).notNull(),
    n: bigint("n", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.provider, t.status, t.day] })],
);

/** The outbox: written in the same transaction as the change it describes. `seq` orders the feed. */
export const events = pgTable(
  "events",
  {
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    id: text("id").notNull().unique(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id),
    type: text("type").notNull(),
    connectionId: text("connection_id"),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
    relayedAt: timestamp("relayed_at", { withTimezone: true }),
    /**
     * Assigned by the relay (lib/handoff/relay.ts) under a lock, so it grows in commit order: the
     * event feed pages on it. `seq` does not: a later-committing transaction can hold a lower seq.
     */
    relaySeq: bigint("relay_seq", { mode: "number" }),
  },
  (t) => [
    index("events_workspace_seq_idx").on(t.workspaceId, t.seq),
    index("events_workspace_relay_seq_idx").on(t.workspaceId, t.relaySeq),
    uniqueIndex("events_relay_seq_idx").on(t.relaySeq),
    index("events_unrelayed_idx").on(t.seq).where(sql`relayed_at is null`),
    index("events_connection_idx").on(t.connectionId, t.seq),
  ],
);
export type Event = typeof events.$inferSelect;
export type NewEvent = typeof events.$inferInsert;

export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id),
    url: text("url").notNull(),
    description: text("description"),
    /** empty: every event type */
    eventTypes: text("event_types").array().notNull().default(sql`'{}'::text[]`),
    /** Signing secrets, sealed; the newest signs, older ones are kept until their overlap ends. */
    secrets: jsonb("secrets").$type<Array<{ id: string; sealed: string; createdAt: string; expiresAt?: string }>>().notNull().default([]),
    enabled: boolean("enabled").notNull().default(true),
    /** failing (disabled automatically after repeated failed deliveries) | disabled_by_user */
    disabledReason: text("disabled_reason"),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("webhook_endpoints_workspace_idx").on(t.workspaceId)],
);
export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;
export type NewWebhookEndpoint = typeof webhookEndpoints.$inferInsert;

export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    endpointId: text("endpoint_id").notNull().references(() => webhookEndpoints.id),
    eventId: text("event_id").notNull(),
    attempt: integer("attempt").notNull(),
    statusCode: integer("status_code"),
    durationMs: integer("duration_ms"),
    error: text("error"),
    succeeded: boolean("succeeded").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    index("webhook_deliveries_endpoint_idx").on(t.endpointId, t.createdAt),
    index("webhook_deliveries_event_idx").on(t.eventId),
  ],
);
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;

export const actorTypes = ["staff", "api_key", "end_user", "system"] as const;
export type ActorType = (typeof actorTypes)[number];

export const auditOutcomes = ["success", "denied", "failure"] as const;
export type AuditOutcome = (typeof auditOutcomes)[number];

/**
 * Insert-only for the application (its role may only INSERT and SELECT; a trigger refuses UPDATE,
 * DELETE and TRUNCATE even to the owner). Never holds a secret. `seq`, `prev_hash` and `hash` are
 * written by the database (trigger `audit_log_chain`, drizzle/0004_audit_chain.sql), never by the
 * app: each row's hash covers its content and the previous row's hash (lib/audit.ts verifies).
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    workspaceId: text("workspace_id"),
    actorType: text("actor_type").$type<ActorType>().notNull(),
    actorId: text("actor_id"),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    reason: text("reason"),
    ip: text("ip"),
    userAgent: text("user_agent"),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    /** The request that caused it (the x-request-id the API answers with); null for jobs and commands. */
    requestId: text("request_id"),
    outcome: text("outcome").$type<AuditOutcome>().notNull().default("success"),
    /** Position in the hash chain: 1, 2, 3, … without gaps (set by the database). */
    seq: bigint("seq", { mode: "number" }),
    prevHash: text("prev_hash"),
    hash: text("hash"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("audit_log_seq_idx").on(t.seq),
    index("audit_log_workspace_idx").on(t.workspaceId, t.id),
    index("audit_log_target_idx").on(t.targetType, t.targetId),
    index("audit_log_action_idx").on(t.action, t.id),
    index("audit_log_actor_idx").on(t.actorId, t.id),
  ],
);
export type AuditEntry = typeof auditLog.$inferSelect;
export type NewAuditEntry = typeof auditLog.$inferInsert;

export const staffUsers = pgTable(
  "staff_users",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    name: text("name"),
    passwordHash: text("password_hash"),
    role: text("role").$type<"viewer" | "support" | "admin">().notNull().default("viewer"),
    /** The workspaces this account sees and acts on; null: every workspace (docs/security.md, role model). */
    workspaceIds: text("workspace_ids").array(),
    createdAt: createdAt(),
    lastLoginAt: timestamp("last_login_at", { withTimezone: true }),
    /** Signing out ends every session of this account signed in before this instant (JWTs are stateless). */
    sessionsRevokedAt: timestamp("sessions_revoked_at", { withTimezone: true }),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("staff_users_email_idx").on(sql`lower(${t.email})`)],
);
export type StaffUser = typeof staffUsers.$inferSelect;
export type NewStaffUser = typeof staffUsers.$inferInsert;

/**
 * Every attempt limit, the dashboard's failed sign-ins (lib/auth/rate-limit.ts) and the provider
 * budgets, shared by every app instance and worker on this database (lib/rate-limit.ts). One row per counted key in a fixed window that starts with the
 * key's first charge; every instant is the database's now(), so instances with skewed clocks agree.
 * Keys are built by their owners and never hold a secret or a raw client address (those are hashed).
 */
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text("key").primaryKey(),
    points: integer("points").notNull(),
    /** The limit the last charge was made against (a charge that would pass it is refused). */
    maxPoints: integer("max_points").notNull(),
    windowEndsAt: timestamp("window_ends_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("rate_limits_window_idx").on(t.windowEndsAt)],
);

/**
 * How many data keys each local key-encryption key has wrapped (lib/vault/wrap-counter.ts), shared
 * by every instance: AES-GCM with random 96-bit IVs is safe for about 2^32 encryptions per key,
 * so wrapping stops at a configured cap and asks for a rotation.
 */
export const kekWrapCounts = pgTable("kek_wrap_counts", {
  kekId: text("kek_id").primaryKey(),
  wraps: bigint("wraps", { mode: "number" }).notNull().default(0),
  updatedAt: updatedAt(),
});
