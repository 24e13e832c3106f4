// What a connection looks like outside Latchkey (API, dashboard): never a secret, at most the
// credential's fingerprint. The zod schema documents the API; toConnectionDto builds it.
import { z } from "zod";
import type { Connection, Credential } from "@/lib/db/schema";

const scopeResultSchema = z.object({
  status: z.enum(["granted", "missing", "unknown"]),
  required: z.boolean(),
});

export const connectionDtoSchema = z
  .object({
    id: z.string(),
    provider: z.string(),
    status: z.enum(["active", "needs_attention", "pending", "deleted"]),
    end_user: z.object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() }),
    account_label: z.string().nullable().describe("e.g. the company name read from the provider."),
    required_scopes: z.array(z.string()),
    optional_scopes: z.array(z.string()),
    scopes: z.record(z.string(), scopeResultSchema).describe("The latest check's result per scope."),
    provider_state: z.record(z.string(), z.unknown()).describe("Provider-specific state, e.g. a service-user invitation's."),
    sync: z.object({ status: z.string().nullable(), message: z.string().nullable(), updated_at: z.iso.datetime().nullable() }),
    credential: z
      .object({
        fingerprint: z.string().nullable().describe("The last characters of the identifying field; never the secret."),
        version: z.number().int(),
        updated_at: z.iso.datetime(),
        shredded: z.boolean(),
      })
      .nullable(),
    last_checked_at: z.iso.datetime().nullable(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
    deleted_at: z.iso.datetime().nullable(),
  })
  .meta({
    id: "Connection",
    example: {
      id: "conn_8k2v0f7q1m3x9d4r6t5a",
      provider: "personio",
      status: "active",
      end_user: { id: "customer-4711", name: "Müller GmbH", email: "hr@mueller.example" },
      account_label: "Müller GmbH",
      required_scopes: ["employees", "absences"],
      optional_scopes: [],
      scopes: { employees: { status: "granted", required: true }, absences: { status: "granted", required: true } },
      provider_state: {},
      sync: { status: null, message: null, updated_at: null },
      credential: { fingerprint: "…a1b2", version: 1, updated_at: "2026-11-23T13:00:00.000Z", shredded: false },
      last_checked_at: "2026-11-23T13:00:00.000Z",
      created_at: "2026-11-23T13:00:00.000Z",
      updated_at: "2026-11-23T13:00:00.000Z",
      deleted_at: null,
    },
  });
export type ConnectionDto = z.infer<typeof connectionDtoSchema>;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

type CredentialMeta = Pick<Credential, "fingerprint" | "version" | "updatedAt" | "shreddedAt">;

/** Picks fields one by one (never spreads a row), so a column added later cannot leak by accident. */
export function toConnectionDto(c: Connection, credential: CredentialMeta | null): ConnectionDto {
  const scopes: ConnectionDto["scopes"] = {};
  for (const [k, v] of Object.entries(c.scopeResults ?? {})) scopes[k] = { status: v.status, required: v.required };
  return {
    id: c.id,
    provider: c.provider,
    status: c.status,
    end_user: { id: c.endUserId, name: c.endUserName, email: c.endUserEmail },
    account_label: c.accountLabel,
    required_scopes: c.requiredScopes,
    optional_scopes: c.optionalScopes,
    scopes,
    provider_state: c.providerState ?? {},
    sync: { status: c.syncStatus, message: c.syncMessage, updated_at: iso(c.syncStatusAt) },
    credential: credential
      ? { fingerprint: credential.shreddedAt ? null : credential.fingerprint, version: credential.version, updated_at: credential.updatedAt.toISOString(), shredded: !!credential.shreddedAt }
      : null,
    last_checked_at: iso(c.lastCheckedAt),
    created_at: c.createdAt.toISOString(),
    updated_at: c.updatedAt.toISOString(),
    deleted_at: iso(c.deletedAt),
  };
}
