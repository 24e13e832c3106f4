// Schemas of the Justworks Partner API v1 and its OAuth endpoints, written by us from the facts in
// docs/providers/justworks.md ("OAuth"), because no copy of Justworks' own OpenAPI file was found
// (test/provider-specs/SOURCES.md says so). They are deliberately independent of the app's parsing
// (lib/providers/justworks/oauth.ts) so that the simulator's answers are checked against the facts,
// not against our own reading of them. Where the facts leave a choice open, these accept both
// (the token answer's `expires_at` vs `expires_in`).
import { z } from "zod";

/** RFC 6749 §5.1 plus the derived spec's `expires_at`; at least one lifetime field. */
export const tokenAnswer = z
  .object({
    token_type: z.string().regex(/^bearer$/i),
    access_token: z.string().min(1),
    refresh_token: z.string().min(1),
    expires_at: z.string().datetime({ offset: true }).optional(),
    expires_in: z.number().int().positive().optional(),
    scope: z.string(),
  })
  .refine((t) => t.expires_at !== undefined || t.expires_in !== undefined, "a token answer states its lifetime");

/** RFC 6749 §5.2. */
export const tokenError = z.object({
  error: z.enum(["invalid_request", "invalid_client", "invalid_grant", "unauthorized_client", "unsupported_grant_type", "invalid_scope"]),
  error_description: z.string().optional(),
});

export const company = z.object({ id: z.string(), name: z.string() }).passthrough();

/** The member fields marked required in the facts (id, company_id, name, and the arrays always present). */
export const member = z
  .object({
    id: z.string(),
    company_id: z.string(),
    name: z.object({ given_name: z.string(), family_name: z.string() }).passthrough(),
    addresses: z.array(z.unknown()),
    emails: z.array(z.unknown()),
    phones: z.array(z.unknown()),
    employment_history: z.array(z.unknown()),
    pay_history: z.array(z.unknown()),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .passthrough();

export const memberList = z.object({ items: z.array(member), next_cursor: z.string().nullable() });

/** The facts give no bodies for 401/403: an object is all we hold the simulator to. */
export const apiError = z.object({}).passthrough();
