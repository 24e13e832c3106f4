// Justworks' per-workspace settings (workspaces.provider_settings.justworks): the service user's
// first name and the e-mail domain of its address (service-user.ts explains both). Declared here,
// registered on the definition (index.ts); the dashboard's settings page renders `fields` and
// lib/providers/settings.ts parses and stores what the admin typed. Isomorphic.
import { z } from "zod";
import type { ProviderSettings } from "@/lib/providers/types";

export const DEFAULT_FIRST_NAME = "Latchkey";

/** A domain such as sync.example.com (a leading "@" and a trailing dot are forgiven). */
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** Lower-case, without a leading "@"; undefined when it is not a domain name. */
export function normaliseDomain(raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  const d = raw.trim().toLowerCase().replace(/^@+/, "").replace(/\.$/, "");
  return DOMAIN.test(d) ? d : undefined;
}

const emptyIsUnset = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** What the settings form sends, parsed into what is stored. Issue messages are text keys. */
export const justworksSettingsSchema = z.object({
  firstName: z.string().trim().min(1, "settings.firstName.invalid").max(50, "settings.firstName.invalid"),
  emailDomain: z.preprocess(
    emptyIsUnset,
    z
      .string()
      .max(253, "settings.emailDomain.invalid")
      .transform((v, ctx) => {
        const d = normaliseDomain(v);
        if (!d) ctx.addIssue({ code: "custom", message: "settings.emailDomain.invalid" });
        return d ?? v;
      })
      .optional(),
  ),
});

export type JustworksSettings = { firstName?: string; emailDomain?: string };

/** The stored settings, read leniently: a value of the wrong shape counts as unset. */
export function readJustworksSettings(stored: unknown): JustworksSettings {
  const s = stored && typeof stored === "object" ? (stored as Record<string, unknown>) : {};
  return {
    ...(typeof s.firstName === "string" ? { firstName: s.firstName } : {}),
    ...(typeof s.emailDomain === "string" ? { emailDomain: s.emailDomain } : {}),
  };
}

export const justworksSettings: ProviderSettings = {
  schema: justworksSettingsSchema,
  fields: [
    { key: "firstName", label: "settings.firstName.label", hint: "settings.firstName.hint", invalid: "settings.firstName.invalid", maxLength: 50, default: DEFAULT_FIRST_NAME },
    { key: "emailDomain", label: "settings.emailDomain.label", hint: "settings.emailDomain.hint", invalid: "settings.emailDomain.invalid", placeholder: "sync.example.com", maxLength: 253 },
  ],
  demo: { firstName: "Acme", emailDomain: "acme-sync.example.com" },
};
