// How a Personio admin creates API credentials, grants access per area and whitelists the readable
// employee attributes, in our own words from the public facts (docs/providers/personio.md).
import type { GuideStep, Localized, ScopeDefinition, ScopeId } from "@/lib/providers/types";

/** UNCONFIRMED: the path of the API credentials page inside a company's Personio. */
export const PERSONIO_CREDENTIALS_PATH = "/configuration/api/credentials";
/** A company's Personio web address; the subdomain is validated as one DNS label before this. */
export function personioSettingsLink(options: { subdomain?: string }): string | undefined {
  return options.subdomain ? `https://${options.subdomain}.personio.de${PERSONIO_CREDENTIALS_PATH}` : undefined;
}

export const PERSONIO_CREDENTIALS_PAGE: Localized = {
  en: "Settings → Integrations → API credentials",
  de: "Einstellungen → Integrationen → API-Zugangsdaten",
};

export const DEFAULT_PERSONIO_ATTRIBUTES = ["first_name", "last_name", "email", "status", "department", "hire_date"] as const;

export const personioPrerequisites: Localized[] = [
  {
    en: "You need a Personio account with admin rights for integrations (you can open Settings → Integrations).",
    de: "Sie benötigen ein Personio-Konto mit Administrationsrechten für Integrationen (Sie können Einstellungen → Integrationen öffnen).",
  },
];

export const personioGuide: GuideStep<"clientId" | "clientSecret" | "subdomain">[] = [
  {
    title: { en: "Open the API credentials", de: "API-Zugangsdaten öffnen" },
    body: {
      en: `In Personio go to ${PERSONIO_CREDENTIALS_PAGE.en}.`,
      de: `Öffnen Sie in Personio ${PERSONIO_CREDENTIALS_PAGE.de}.`,
    },
    link: personioSettingsLink,
  },
  {
    title: { en: "Create a custom integration", de: "Eigene Integration anlegen" },
    body: {
      en: "Select “Create custom integration” and give it a name you will recognise later, for example the name of the software you are connecting.",
      de: "Wählen Sie „Eigene Integration erstellen“ und geben Sie ihr einen Namen, den Sie später wiedererkennen, zum Beispiel den Namen der Software, die Sie verbinden.",
    },
    link: personioSettingsLink,
  },
  {
    title: { en: "Grant read access", de: "Lesezugriff erteilen" },
    body: {
      en: "Set read access for the areas listed on the next screen (Employees, and Absences, Attendances or Documents if asked). Under “Readable employee attributes”, add every attribute listed, including first name, last name, email, status, department and hire date. Save.",
      de: "Erteilen Sie Lesezugriff für die auf der nächsten Seite genannten Bereiche (Mitarbeitende, und Abwesenheiten, Anwesenheiten oder Dokumente, falls verlangt). Fügen Sie unter „Lesbare Mitarbeiterattribute“ alle genannten Attribute hinzu, darunter Vorname, Nachname, E-Mail, Status, Abteilung und Eintrittsdatum. Speichern Sie.",
    },
  },
  {
    title: { en: "Copy the client ID and secret", de: "Client-ID und Secret kopieren" },
    body: {
      en: "Personio shows the client ID and the client secret of the new integration. Copy both into the fields below; the secret is shown only once.",
      de: "Personio zeigt die Client-ID und das Client-Secret der neuen Integration. Kopieren Sie beide in die Felder unten; das Secret wird nur einmal angezeigt.",
    },
    field: "clientId",
  },
];

function grant(area: Localized): Localized {
  return {
    en: `In Personio open ${PERSONIO_CREDENTIALS_PAGE.en}, open this integration, set “${area.en}” to read, save, then select “Test again”.`,
    de: `Öffnen Sie in Personio ${PERSONIO_CREDENTIALS_PAGE.de}, öffnen Sie diese Integration, stellen Sie „${area.de}“ auf Lesen, speichern Sie und wählen Sie dann „Erneut testen“.`,
  };
}

export function attributesFix(missing: string[]): Localized {
  const names = missing.join(", ");
  return {
    en: `In Personio open ${PERSONIO_CREDENTIALS_PAGE.en}, open this integration, add ${names} to “Readable employee attributes”, save, then select “Test again”.`,
    de: `Öffnen Sie in Personio ${PERSONIO_CREDENTIALS_PAGE.de}, öffnen Sie diese Integration, fügen Sie ${names} zu „Lesbare Mitarbeiterattribute“ hinzu, speichern Sie und wählen Sie dann „Erneut testen“.`,
  };
}

const EMPLOYEES: Localized = { en: "Employees", de: "Mitarbeiter" };
const ATTENDANCES: Localized = { en: "Attendances", de: "Anwesenheiten" };
const ABSENCES: Localized = { en: "Absences", de: "Abwesenheiten" };
const DOCUMENTS: Localized = { en: "Documents", de: "Dokumente" };

export const personioScopes: Partial<Record<ScopeId, ScopeDefinition>> = {
  employees: { permission: { en: "Employees: read", de: "Mitarbeiter: Lesen" }, fix: grant(EMPLOYEES), link: personioSettingsLink },
  attendances: { permission: { en: "Attendances: read", de: "Anwesenheiten: Lesen" }, fix: grant(ATTENDANCES), link: personioSettingsLink },
  absences: { permission: { en: "Absences: read", de: "Abwesenheiten: Lesen" }, fix: grant(ABSENCES), link: personioSettingsLink },
  documents: { permission: { en: "Documents: read", de: "Dokumente: Lesen" }, fix: grant(DOCUMENTS), link: personioSettingsLink },
};
