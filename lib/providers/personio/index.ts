// Personio. Isomorphic: the wizard renders this.
import { z } from "zod";
import { defineProvider, PRINTABLE_ASCII } from "@/lib/providers/define";
import { PERSONIO_WEB, personioChecklist, personioGuide, personioHost, personioPrerequisites, personioScopes } from "@/lib/providers/personio/guide";

export const personioFields = z.object({
  clientId: z.string().trim().min(1, "Paste the client ID").max(200, "The client ID is too long").regex(PRINTABLE_ASCII, "The client ID has no spaces or line breaks"),
  clientSecret: z.string().trim().min(1, "Paste the client secret").max(500, "The client secret is too long").regex(PRINTABLE_ASCII, "The client secret has no spaces or line breaks"),
  /**
   * The company's Personio address as the admin sees it in the browser (`acme`,
   * `acme.personio.de`, `https://acme.app.personio.com`), kept as its host; only deep links use it.
   * Credentials saved before this held the bare hostname, which reads the same way.
   */
  subdomain: z
    .string()
    .trim()
    .max(300, "The address is too long")
    .refine((v) => v === "" || personioHost(v) !== undefined, "Your Personio address as your browser shows it, e.g. acme.app.personio.com")
    .optional()
    .transform((v) => (v ? personioHost(v) : undefined)),
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
  webAddress: { field: "subdomain", spec: PERSONIO_WEB },
  fieldMeta: {
    clientId: { label: "fields.clientId.label", maxLength: 200 },
    clientSecret: { label: "fields.clientSecret.label", maxLength: 500 },
    subdomain: {
      label: "fields.subdomain.label",
      help: "fields.subdomain.help",
      placeholder: "acme.app.personio.com",
      maxLength: 300,
    },
  },
  secret: ["clientSecret"],
  fingerprintField: "clientId",
  asks: "asks",
  exposesAccount: false, // see docs/providers/personio.md, "Account"
  checklistExtras: (options) => personioChecklist(personioOptions.safeParse(options).data?.attributes),
  invalidCredentialsText: "invalidCredentials",
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
