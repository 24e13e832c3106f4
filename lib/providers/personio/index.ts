// Personio. Isomorphic: the wizard renders this.
import { z } from "zod";
import { defineProvider } from "@/lib/providers/define";
import { personioGuide, personioPrerequisites, personioScopes } from "@/lib/providers/personio/guide";

/** One DNS label: letters, digits and inner hyphens, at most 63 characters. Nothing else reaches a URL. */
export const PERSONIO_SUBDOMAIN = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

export const personioFields = z.object({
  clientId: z.string().trim().min(1, "Paste the client ID").max(200, "The client ID is too long").regex(/^\S+$/, "The client ID has no spaces"),
  clientSecret: z.string().trim().min(1, "Paste the client secret").max(500, "The client secret is too long").regex(/^\S+$/, "The client secret has no spaces"),
  subdomain: z
    .string()
    .trim()
    .toLowerCase()
    .refine((v) => v === "" || PERSONIO_SUBDOMAIN.test(v), "Only the first part of your Personio address, e.g. “acme” for acme.personio.de")
    .optional()
    .transform((v) => v || undefined),
});

/** `provider_options.personio` of the session API. */
export const personioOptions = z
  .object({
    attributes: z
      .array(z.string().regex(/^[a-z0-9_]{1,64}$/, "Personio attribute names are lower_snake_case"))
      .max(100)
      .optional()
      .describe("Employee attributes your sync reads; the check verifies each is whitelisted for the credential."),
  })
  .strict();
export type PersonioOptions = z.infer<typeof personioOptions>;

export const personio = defineProvider({
  id: "personio",
  name: "Personio",
  logo: { letters: "P", color: "#1f1f3a" },
  categories: ["hris"],
  flow: "credentials",
  authKind: "client_credentials",
  baseUrl: { variable: "PERSONIO_API_URL", production: "https://api.personio.de" },
  options: personioOptions,
  fields: personioFields,
  fieldMeta: {
    clientId: { label: "fields.clientId.label", maxLength: 200 },
    clientSecret: { label: "fields.clientSecret.label", maxLength: 500 },
    subdomain: {
      label: "fields.subdomain.label",
      help: "fields.subdomain.help",
      placeholder: "acme",
      maxLength: 63,
    },
  },
  secret: ["clientSecret"],
  fingerprintField: "clientId",
  prerequisites: personioPrerequisites,
  guide: personioGuide,
  scopes: personioScopes,
  defaultScopes: { required: ["employees"], optional: ["absences", "attendances"] },
  budget: [
    // One token request per check and per passthrough call (POST /v2/auth/token). v2's resource
    // endpoints document no limit; the v1 reads that remain (attributes whitelist, document
    // categories) fall under v1's per-address limit, applied to every request to stay below it.
    { per: "connection", requests: "auth", points: 150, durationSeconds: 60, source: "v2 reference, authentication: 150 access-token requests a minute, then 1 a second for 60 s." },
    { per: "provider", requests: "all", points: 2000, durationSeconds: 60, source: "Changelog, IP-address-based rate limiting: every v1 endpoint allows 2,000 requests a minute per IP address." },
  ],
});
