// The session API's request and response, as zod schemas: the route parses with them and the
// OpenAPI document is generated from them, so the two cannot drift apart.
import { z } from "zod";
import { listProviders } from "@/lib/providers";
import { prefillableFields, prerequisiteIds } from "@/lib/providers/prefill";
import { providerIds, scopeIds } from "@/lib/providers/types";
import { EMBED_TTL_SECONDS, HOSTED_DEFAULT_TTL_SECONDS, TTL_LIMITS } from "@/lib/connect/ttl";

export const providerIdSchema = z.enum(providerIds).meta({ id: "ProviderId", description: "An HR system Latchkey can connect." });
export const scopeIdSchema = z.enum(scopeIds).meta({ id: "ScopeId", description: "A unified permission, mapped to each provider's own." });

const trimmed = (max: number) => z.string().trim().min(1).max(max);

export const endUserSchema = z
  .object({
    id: trimmed(200).describe("Your own id for the customer (tenant) connecting, e.g. their account id."),
    name: trimmed(200).optional().describe("Shown in the dashboard, e.g. the company name."),
    email: z.email().max(320).optional().describe("The admin's e-mail, shown to support staff."),
  })
  .strict()
  .meta({ id: "EndUser", description: "The customer of yours who connects their HR system; shown to your support staff." });

/** Composed from each provider's own options schema (lib/providers/<id>/index.ts). */
export const providerOptionsSchema = z
  .object(Object.fromEntries(listProviders().flatMap((p) => (p.options ? [[p.id, p.options.optional()]] : []))) as Record<string, z.ZodOptional<z.ZodObject>>)
  .strict()
  .meta({ id: "ProviderOptions", description: "Per-provider options." });

/**
 * `prefill.<provider>`: what the vendor already knows. Composed from each provider's definition;
 * which field names are allowed (never a secret one) and their values are checked by
 * lib/providers/prefill.ts (validateSessionRequest), so that a refusal names the field and says why.
 */
export const prefillSchema = z
  .object(
    Object.fromEntries(
      listProviders().map((p) => {
        const fields = prefillableFields(p);
        const prerequisites = prerequisiteIds(p);
        return [
          p.id,
          z
            .object({
              fields: z
                .record(z.string().max(64), z.string().max(10_000))
                .optional()
                .describe(`${p.name}: values of its non-secret fields (${fields.length ? fields.join(", ") : "none"}), shown filled in; the admin can still change them. A secret field is refused.`),
              ...(prerequisites.length
                ? { confirmed: z.array(z.enum(prerequisites as [string, ...string[]])).max(prerequisites.length).optional().describe(`${p.name}: prerequisites you have already confirmed with the customer; with all of them confirmed the wizard skips the "before you start" step.`) }
                : {}),
            })
            .strict()
            .optional(),
        ];
      }),
    ) as Record<string, z.ZodOptional<z.ZodObject>>,
  )
  .strict()
  .meta({ id: "Prefill", description: "Per provider: non-secret field values and confirmed prerequisites, so that the wizard skips what you already know." });

export const createSessionBodySchema = z
  .object({
    end_user: endUserSchema.optional().describe("Who connects. Required, unless `connection_id` is given: a reconnect takes the connection's end user (a different one is refused)."),
    providers: z.array(providerIdSchema).min(1).max(providerIds.length).optional().describe("Offer only these providers. With one, the picker is skipped. Default: all."),
    scopes: z.array(scopeIdSchema).min(1).max(scopeIds.length).optional().describe("Required permissions. Missing any, nothing is saved. Default: each provider's defaults."),
    optional_scopes: z.array(scopeIdSchema).max(scopeIds.length).optional().describe("Permissions you would like; missing ones are saved with a warning."),
    provider_options: providerOptionsSchema.optional(),
    prefill: prefillSchema.optional(),
    language: z.enum(["en", "de"]).optional().describe("The wizard's language. Default: the browser's, else the workspace's."),
    connection_id: trimmed(100).optional().describe("Reconnect mode: replace the credential of this existing connection."),
    link: z.enum(["embed", "hosted"]).optional().describe("Default `embed`. `embed`: for Latchkey.openConnect, lives 30 minutes. `hosted`: a link to send by e-mail, lives up to 7 days."),
    expires_in: z
      .number()
      .int()
      .min(TTL_LIMITS.embed.min)
      .max(TTL_LIMITS.hosted.max)
      .optional()
      .describe(`Lifetime in seconds. embed: ${TTL_LIMITS.embed.min}–${TTL_LIMITS.embed.max} (default ${EMBED_TTL_SECONDS}); hosted: ${TTL_LIMITS.hosted.min}–${TTL_LIMITS.hosted.max} (default ${HOSTED_DEFAULT_TTL_SECONDS}).`),
  })
  .strict()
  .meta({
    id: "CreateSessionRequest",
    example: {
      end_user: { id: "customer-4711", name: "Müller GmbH", email: "hr@mueller.example" },
      providers: ["hrworks", "personio"],
      scopes: ["employees", "absences"],
      prefill: { personio: { fields: { subdomain: "mueller.app.personio.com" }, confirmed: ["plan", "rights"] } },
      language: "de",
    },
  });
export type CreateSessionBody = z.infer<typeof createSessionBodySchema>;

export const createSessionResponseSchema = z
  .object({
    id: z.string().describe("The session's id, `cs_…`: withdraw an unused link with DELETE /api/v1/connect/sessions/{id}."),
    token: z.string().describe("Pass to Latchkey.openConnect({ token }). Single use; treat it like a password."),
    url: z.url().describe("The wizard's address: for hosted links, send this to the customer."),
    expires_at: z.iso.datetime(),
  })
  .meta({
    id: "CreateSessionResponse",
    example: { id: "cs_8f2kq1x0b7", token: "q3Yk…43 characters…", url: "https://connect.example.com/connect/q3Yk…", expires_at: "2026-11-23T14:00:00.000Z" },
  });

export const revokeSessionResponseSchema = z
  .object({
    id: z.string(),
    revoked_at: z.iso.datetime().describe("When the link was withdrawn (the first time, if it was withdrawn before)."),
  })
  .meta({ id: "RevokeSessionResponse", example: { id: "cs_8f2kq1x0b7", revoked_at: "2026-11-23T13:40:00.000Z" } });

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string().describe("snake_case, stable: invalid_input, unauthorized, forbidden, not_found, rate_limited, …"),
      message: z.string().describe("For the developer reading it."),
      fields: z.record(z.string(), z.array(z.string())).optional().describe("Per-field problems for invalid_input."),
    }),
  })
  .meta({ id: "Error", example: { error: { code: "invalid_input", message: "The request is not valid: see `fields` for each problem.", fields: { "end_user.id": ["Too small: expected string to have >=1 characters"] } } } });
