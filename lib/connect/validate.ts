// Checks on a session request that a schema alone cannot express.
import type { CreateSessionBody } from "@/lib/connect/api-schemas";
import { TTL_LIMITS } from "@/lib/connect/ttl";
import { AppError, type FieldErrors } from "@/lib/errors";
import { getProvider, listProviders } from "@/lib/providers";
import type { ProviderDefinition, ScopeId } from "@/lib/providers/types";

const supports = (p: ProviderDefinition, scopes: ScopeId[]) => scopes.filter((s) => !p.scopes[s]);

export function validateSessionRequest(body: CreateSessionBody): void {
  const fields: FieldErrors = {};
  const both = (body.scopes ?? []).filter((s) => body.optional_scopes?.includes(s));
  if (both.length) fields.optional_scopes = [`Already required in scopes: ${both.join(", ")}.`];
  for (const id of Object.keys(body.provider_options ?? {}))
    if (body.providers && !body.providers.includes(id as (typeof body.providers)[number]))
      fields[`provider_options.${id}`] = [`${getProvider(id)?.name ?? id} options given, but ${id} is not among providers.`];
  // Against the provider registry: a required scope that an offered provider cannot grant would
  // lead the customer into a check that can never pass.
  const required = body.scopes ?? [];
  const wanted = [...required, ...(body.optional_scopes ?? [])];
  if (body.providers) {
    for (const id of body.providers) {
      const p = getProvider(id);
      if (!p) {
        (fields.providers ??= []).push(`"${id}" is not available on this Latchkey.`);
        continue;
      }
      const lacking = supports(p, required);
      if (lacking.length) (fields.scopes ??= []).push(`${p.name} cannot grant ${lacking.join(", ")}.`);
    }
  } else if (required.length && !listProviders().some((p) => supports(p, required).length === 0)) {
    fields.scopes = [`No HR system can grant all of ${required.join(", ")}.`];
  }
  const unknown = wanted.filter((s) => !listProviders().some((p) => p.scopes[s]));
  if (unknown.length) (fields.optional_scopes ??= []).push(`No HR system offers ${unknown.join(", ")}.`);
  const limits = TTL_LIMITS[body.link ?? "embed"];
  if (body.expires_in !== undefined && (body.expires_in < limits.min || body.expires_in > limits.max))
    fields.expires_in = [`Between ${limits.min} and ${limits.max} seconds for ${body.link ?? "embed"} links.`];
  if (Object.keys(fields).length) throw new AppError("invalid_input", "The request is not valid: see `fields` for each problem.", { fieldErrors: fields });
}
