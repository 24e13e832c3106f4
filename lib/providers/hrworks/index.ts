// HR WORKS (HRIS and applicant management). Isomorphic: the wizard renders this.
import { z } from "zod";
import { defineProvider, PRINTABLE_ASCII } from "@/lib/providers/define";
import { hrworksGuide, hrworksPrerequisites, hrworksScopes } from "@/lib/providers/hrworks/guide";
import { parseHrworksKeyFile } from "@/lib/providers/hrworks/key-file";

export { parseHrworksKeyFile } from "@/lib/providers/hrworks/key-file";

const keyValue = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `Paste the ${what}`)
    .max(200, `The ${what} is too long`)
    .regex(PRINTABLE_ASCII, `The ${what} has no spaces or line breaks; paste only the value`);

export const hrworksFields = z.object({
  accessKey: keyValue("Access Key"),
  secretAccessKey: keyValue("Secret Access Key"),
});

export const hrworks = defineProvider({
  id: "hrworks",
  name: "HR WORKS",
  logo: { letters: "HW", color: "#0b6e4f" },
  categories: ["hris", "ats"],
  flow: "credentials",
  authKind: "key_pair",
  baseUrl: { variable: "HRWORKS_API_URL", production: "https://api.hrworks.de" },
  fields: hrworksFields,
  fieldMeta: {
    accessKey: {
      label: "fields.accessKey.label",
      help: "fields.accessKey.help",
      maxLength: 10_000,
      fillFromPaste: parseHrworksKeyFile,
    },
    secretAccessKey: {
      label: "fields.secretAccessKey.label",
      help: "fields.secretAccessKey.help",
      maxLength: 10_000,
      fillFromPaste: parseHrworksKeyFile,
    },
  },
  secret: ["secretAccessKey"],
  fingerprintField: "accessKey",
  asks: "asks",
  exposesAccount: false, // see docs/providers/hrworks.md, "Account"
  prerequisites: hrworksPrerequisites,
  guide: hrworksGuide,
  scopes: hrworksScopes,
  defaultScopes: { required: ["employees", "departments"], optional: ["absences"] },
  // HR WORKS publishes no rate limit (docs/providers/hrworks.md): only the configured workspace
  // and overall budgets apply.
  budget: [],
});
