// Checks on a session request that a schema alone cannot express.
import type { CreateSessionBody } from "@/lib/connect/api-schemas";
import { TTL_LIMITS } from "@/lib/connect/ttl";
import { AppError, type FieldErrors } from "@/lib/errors";

export function validateSessionRequest(body: CreateSessionBody): void {
  const fields: FieldErrors = {};
  const both = (body.scopes ?? []).filter((s) => body.optional_scopes?.includes(s));
  if (both.length) fields.optional_scopes = [`Already required in scopes: ${both.join(", ")}.`];
  if (body.provider_options?.personio && body.providers && !body.providers.includes("personio"))
    fields["provider_options.personio"] = ["Personio options given, but personio is not among providers."];
  const limits = TTL_LIMITS[body.link];
  if (body.expires_in !== undefined && (body.expires_in < limits.min || body.expires_in > limits.max))
    fields.expires_in = [`Between ${limits.min} and ${limits.max} seconds for ${body.link} links.`];
  if (Object.keys(fields).length) throw new AppError("invalid_input", "The request is not valid: see `fields` for each problem.", { fieldErrors: fields });
}
