// Access People HR: what the wizard renders (isomorphic; no secrets, no server code).
// Facts from PROVIDER-APIS.md §3: one static API key per integration, created by an administrator
// under Settings → API with "+", with actions ticked per application area; the key travels in
// every request body. People HR's own screens are in English, so the permission names stay in
// English in the German texts too: that is what the admin will see on screen.
import { z } from "zod";
import { defineProvider } from "@/lib/providers/define";
import type { Localized, ScopeDefinition } from "@/lib/providers/types";

/** The actions a key needs, by application area, as People HR labels the checkboxes. */
export const peopleHrActions = {
  employee: { area: "Employee", action: "Get All Employee Detail" },
  absence: { area: "Absence", action: "Get Absence Detail" },
  holiday: { area: "Holiday", action: "Get Holiday Detail" },
  document: { area: "Employee Document", action: "Get All Document" },
  vacancy: { area: "Vacancy", action: "Get All Vacancies" },
} as const;
export type PeopleHrAreaKey = keyof typeof peopleHrActions;

const label = (key: PeopleHrAreaKey) => `${peopleHrActions[key].area} → “${peopleHrActions[key].action}”`;

/** The fix-it text for one or more areas: where to click, in both languages. */
export function peopleHrFix(keys: PeopleHrAreaKey[]): Localized {
  const en = keys.map((k) => `under ${peopleHrActions[k].area} tick “${peopleHrActions[k].action}”`).join(" and ");
  const de = keys.map((k) => `setzen Sie unter ${peopleHrActions[k].area} das Häkchen bei „${peopleHrActions[k].action}“`).join(" und ");
  return {
    en: `In Access People HR open Settings → API, open the key you gave us, ${en}, save, then test again.`,
    de: `Öffnen Sie in Access People HR „Settings“ → „API“ und dort den Schlüssel, den Sie uns gegeben haben, ${de}, speichern Sie und testen Sie dann erneut.`,
  };
}

export function peopleHrPermission(keys: PeopleHrAreaKey[]): Localized {
  const text = keys.map(label).join(", ");
  return { en: text, de: text };
}

const scope = (keys: PeopleHrAreaKey[], extra?: Partial<ScopeDefinition>): ScopeDefinition => ({
  permission: peopleHrPermission(keys),
  fix: peopleHrFix(keys),
  ...extra,
});

export const peopleHrFields = z.object({
  apiKey: z
    .string()
    .trim()
    .min(1, "Paste the API key")
    .max(50, "An Access People HR API key has at most 50 characters")
    .regex(/^[A-Za-z0-9-]+$/, "An Access People HR API key has only letters, digits and hyphens"),
});
export type PeopleHrCredentials = z.infer<typeof peopleHrFields>;

export const peoplehr = defineProvider({
  id: "peoplehr",
  name: "Access People HR",
  logo: { letters: "PH", color: "#0f766e" },
  categories: ["hris", "ats"],
  flow: "credentials",
  authKind: "api_key",
  baseUrl: { variable: "PEOPLEHR_API_URL", production: "https://api.peoplehr.net" },
  fields: peopleHrFields,
  fieldMeta: {
    apiKey: {
      label: { en: "API key", de: "API-Schlüssel" },
      help: {
        en: "Shown in Settings → API next to the key's name, e.g. 5127e153-2c80-492b-a9e4-fb3e50af61a8.",
        de: "Steht unter „Settings“ → „API“ neben dem Namen des Schlüssels, z. B. 5127e153-2c80-492b-a9e4-fb3e50af61a8.",
      },
      placeholder: "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
      maxLength: 50,
    },
  },
  secret: ["apiKey"],
  fingerprintField: "apiKey",
  prerequisites: [
    {
      en: "You need to be an administrator in Access People HR who can open Settings → API.",
      de: "Sie brauchen in Access People HR Administratorrechte, mit denen Sie „Settings“ → „API“ öffnen können.",
    },
    {
      en: "If your company restricts API keys to IP addresses, leave this key unrestricted or ask us for the address to allow.",
      de: "Wenn Ihr Unternehmen API-Schlüssel auf IP-Adressen beschränkt, lassen Sie diesen Schlüssel unbeschränkt oder fragen Sie uns nach der freizugebenden Adresse.",
    },
  ],
  guide: [
    {
      title: { en: "Open the API settings", de: "API-Einstellungen öffnen" },
      body: {
        en: "Sign in to Access People HR as an administrator and open Settings, then API. You see the list of API keys your company has created.",
        de: "Melden Sie sich als Administrator in Access People HR an und öffnen Sie „Settings“ und dann „API“. Sie sehen die Liste der API-Schlüssel Ihres Unternehmens.",
      },
    },
    {
      title: { en: "Create a key for us", de: "Einen Schlüssel für uns anlegen" },
      body: {
        en: "Click “+” to add a key and give it a name you will recognise later, for example the name of our product. A key of its own means you can withdraw our access at any time without affecting anything else.",
        de: "Klicken Sie auf „+“, um einen Schlüssel anzulegen, und geben Sie ihm einen Namen, den Sie später wiedererkennen, etwa den Namen unseres Produkts. Mit einem eigenen Schlüssel können Sie unseren Zugriff jederzeit entziehen, ohne anderes zu berühren.",
      },
    },
    {
      title: { en: "Tick the actions we read", de: "Die Aktionen ankreuzen, die wir lesen" },
      body: {
        en: `The key lists People HR's application areas, each with its actions. Tick ${label("employee")}, ${label("absence")}, ${label("holiday")}, ${label("document")} and, if you use People HR's recruitment, ${label("vacancy")}. We only read: leave every “Add”, “Update” and “Delete” action unticked. Then click Save.`,
        de: `Der Schlüssel listet die Bereiche von People HR mit ihren Aktionen. Kreuzen Sie ${label("employee")}, ${label("absence")}, ${label("holiday")}, ${label("document")} an und, falls Sie das Recruiting von People HR nutzen, ${label("vacancy")}. Wir lesen nur: Lassen Sie alle „Add“-, „Update“- und „Delete“-Aktionen leer. Klicken Sie dann auf „Save“.`,
      },
    },
    {
      title: { en: "Copy the key", de: "Den Schlüssel kopieren" },
      body: {
        en: "Copy the new key from the list and paste it below. We check every permission before anything is saved.",
        de: "Kopieren Sie den neuen Schlüssel aus der Liste und fügen Sie ihn unten ein. Wir prüfen jede Berechtigung, bevor etwas gespeichert wird.",
      },
      field: "apiKey",
    },
  ],
  scopes: {
    employees: scope(["employee"]),
    departments: scope(["employee"], {
      note: {
        en: "People HR has no list of departments: we read them from each employee's Department field.",
        de: "People HR hat keine Abteilungsliste: Wir lesen die Abteilungen aus dem Feld „Department“ der Mitarbeitenden.",
      },
    }),
    absences: scope(["absence", "holiday"]),
    documents: scope(["document"]),
    "ats.jobs": scope(["vacancy"]),
  },
  defaultScopes: { required: ["employees", "departments"], optional: ["absences"] },
});
