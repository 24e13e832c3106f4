// Pre-filled flows: what a vendor may tell the wizard in advance through the session API
// (`prefill.<provider>`): values of a provider's NON-secret fields (Personio's client ID and the
// company's Personio address) and which of its prerequisites the vendor has already confirmed with
// the customer. The one rule of what may be pre-filled; the session API refuses everything else,
// and the wizard reads stored values through `prefillFor`, which applies the rule again. A secret
// field can never be pre-filled: a session link is not a place for a secret.
import type { ProviderDefinition } from "@/lib/providers/types";

/** As stored on the session (`connect_sessions.prefill`) and accepted by the API, per provider id. */
export type ProviderPrefill = { fields?: Record<string, string>; confirmed?: string[] };
export type SessionPrefill = Record<string, ProviderPrefill>;

/** A prerequisite's id: its text key without the `prerequisites.` prefix (`plan`, `rights`, `1`). */
export const prerequisiteId = (key: string) => key.replace(/^prerequisites\./, "");
export const prerequisiteIds = (p: Pick<ProviderDefinition, "prerequisites">) => p.prerequisites.map(prerequisiteId);

/** The fields a session may pre-fill: every field the definition does not mark secret. */
export function prefillableFields(p: Pick<ProviderDefinition, "fields" | "secret">): string[] {
  const secret = new Set<string>(p.secret as string[]);
  return Object.keys(p.fields.shape).filter((f) => !secret.has(f));
}

export type PrefillProblem = { path: string; message: string; secret?: true };

/**
 * The problems of one provider's pre-fill, each with the path of the offending field (relative to
 * `prefill.<id>`): a secret field, a field the provider does not have, a value the field's own
 * schema refuses, a prerequisite it does not declare. Empty: acceptable as it is.
 */
export function prefillProblems(p: ProviderDefinition, input: ProviderPrefill): PrefillProblem[] {
  const out: PrefillProblem[] = [];
  const allowed = prefillableFields(p);
  const shape = p.fields.shape as Record<string, { safeParse: (v: unknown) => { success: boolean; error?: { issues: Array<{ message: string }> } } }>;
  for (const [name, value] of Object.entries(input.fields ?? {})) {
    const path = `fields.${name}`;
    if ((p.secret as string[]).includes(name)) {
      out.push({ path, secret: true, message: `"${name}" is a secret field of ${p.name}: secrets can never be pre-filled through a session; the admin types them in the wizard.` });
    } else if (!Object.hasOwn(shape, name)) {
      out.push({ path, message: `${p.name} has no field "${name}". Fields a session may pre-fill: ${allowed.length ? allowed.join(", ") : "none"}.` });
    } else {
      const parsed = shape[name]!.safeParse(value);
      if (!parsed.success) out.push({ path, message: `"${name}": ${parsed.error?.issues[0]?.message ?? "not a valid value"}.` });
    }
  }
  const ids = prerequisiteIds(p);
  for (const c of input.confirmed ?? []) {
    if (!ids.includes(c)) out.push({ path: "confirmed", message: `${p.name} has no prerequisite "${c}". Its prerequisites: ${ids.join(", ")}.` });
  }
  return out;
}

/**
 * What the wizard uses of a session's stored pre-fill for one provider, read leniently: only
 * non-secret fields the provider has, with string values its schema accepts; only its own
 * prerequisites. `allConfirmed`: every prerequisite is confirmed, so the wizard skips that step.
 */
export function prefillFor(p: ProviderDefinition, stored: unknown): { values: Record<string, string>; confirmed: string[]; allConfirmed: boolean } {
  const raw = (stored && typeof stored === "object" ? (stored as Record<string, unknown>)[p.id] : undefined) as ProviderPrefill | undefined;
  const values: Record<string, string> = {};
  const fields = raw && typeof raw.fields === "object" && raw.fields ? raw.fields : {};
  for (const name of prefillableFields(p)) {
    const v = (fields as Record<string, unknown>)[name];
    if (typeof v === "string" && v !== "" && prefillProblems(p, { fields: { [name]: v } }).length === 0) values[name] = v;
  }
  const ids = prerequisiteIds(p);
  const confirmed = Array.isArray(raw?.confirmed) ? ids.filter((id) => raw!.confirmed!.includes(id)) : [];
  return { values, confirmed, allConfirmed: ids.length > 0 && confirmed.length === ids.length };
}
