// How an HR WORKS admin creates a key pair and ticks its permissions, in our own words from the
// public facts (docs/providers/hrworks.md). The menu path is the one HR WORKS documents in English;
// the German labels of the menu are not confirmed, so the German text names the English path too.
import type { GuideStep, Localized, ScopeDefinition, ScopeId } from "@/lib/providers/types";

export const HRWORKS_KEY_PAGE: Localized = {
  en: "Administrator → Basics → Integrations → HR WORKS-API",
  de: "Administrator → Grundlagen → Integrationen → HR WORKS-API",
};

export const hrworksPrerequisites: Localized[] = [
  {
    en: "You need the “API-Administrator” role in HR WORKS. Without it the API page is not shown; ask your HR WORKS administrator to assign the role or to create the key for you.",
    de: "Sie benötigen die Rolle „API-Administrator“ in HR WORKS. Ohne sie wird die API-Seite nicht angezeigt; bitten Sie Ihre HR-WORKS-Administration, Ihnen die Rolle zuzuweisen oder den Schlüssel für Sie anzulegen.",
  },
  {
    en: "Your HR WORKS contract must include API access.",
    de: "Ihr HR-WORKS-Vertrag muss den API-Zugang umfassen.",
  },
];

export const hrworksGuide: GuideStep<"accessKey" | "secretAccessKey">[] = [
  {
    title: { en: "Open the API settings", de: "API-Einstellungen öffnen" },
    body: {
      en: `Sign in to HR WORKS and go to ${HRWORKS_KEY_PAGE.en}.`,
      de: `Melden Sie sich bei HR WORKS an und öffnen Sie ${HRWORKS_KEY_PAGE.de}.`,
    },
  },
  {
    title: { en: "Create a key pair", de: "Schlüsselpaar erstellen" },
    body: {
      en: "Select “New key pair”. HR WORKS downloads a small text file with the Access Key and the Secret Access Key. Keep it safe: the secret is shown only once.",
      de: "Wählen Sie „Neues Schlüsselpaar“. HR WORKS lädt eine kleine Textdatei mit dem Access Key und dem Secret Access Key herunter. Bewahren Sie sie sicher auf: Der geheime Schlüssel wird nur einmal angezeigt.",
    },
  },
  {
    title: { en: "Tick the permissions", de: "Berechtigungen ankreuzen" },
    body: {
      en: "On the same page, open the new key and tick the areas listed on the next screen (for example Persons, General and Absences; Applicant Management if you connect recruiting). Save.",
      de: "Öffnen Sie auf derselben Seite den neuen Schlüssel und kreuzen Sie die auf der nächsten Seite genannten Bereiche an (zum Beispiel Personen, Allgemeines und Abwesenheiten; Bewerbermanagement, wenn Sie das Recruiting verbinden). Speichern Sie.",
    },
  },
  {
    title: { en: "Paste the key pair", de: "Schlüsselpaar einfügen" },
    body: {
      en: "Open the downloaded file and paste its whole content, or copy the two values into the fields below.",
      de: "Öffnen Sie die heruntergeladene Datei und fügen Sie ihren ganzen Inhalt ein, oder kopieren Sie die beiden Werte in die Felder unten.",
    },
    field: "accessKey",
  },
];

function tick(area: Localized): Localized {
  return {
    en: `In HR WORKS open ${HRWORKS_KEY_PAGE.en}, open this key, tick “${area.en}”, save, then select “Test again”.`,
    de: `Öffnen Sie in HR WORKS ${HRWORKS_KEY_PAGE.de}, öffnen Sie diesen Schlüssel, kreuzen Sie „${area.de}“ an, speichern Sie und wählen Sie dann „Erneut testen“.`,
  };
}

const PERSONS: Localized = { en: "Persons", de: "Personen" };
const GENERAL: Localized = { en: "General", de: "Allgemeines" };
const ABSENCES: Localized = { en: "Absences", de: "Abwesenheiten" };
const APPLICANTS: Localized = { en: "Applicant Management", de: "Bewerbermanagement" };
const APPLICANTS_WRITE: Localized = { en: "Applicant Management (write)", de: "Bewerbermanagement (schreiben)" };

export const hrworksScopes: Partial<Record<ScopeId, ScopeDefinition>> = {
  employees: { permission: PERSONS, fix: tick(PERSONS) },
  departments: { permission: GENERAL, fix: tick(GENERAL) },
  absences: { permission: ABSENCES, fix: tick(ABSENCES) },
  "ats.jobs": { permission: APPLICANTS, fix: tick(APPLICANTS) },
  "ats.job_postings": { permission: APPLICANTS, fix: tick(APPLICANTS) },
  "ats.candidates": { permission: APPLICANTS, fix: tick(APPLICANTS) },
  "ats.applications": { permission: APPLICANTS, fix: tick(APPLICANTS) },
  "ats.write": {
    permission: APPLICANTS_WRITE,
    fix: {
      en: `In HR WORKS open ${HRWORKS_KEY_PAGE.en}, open this key and allow writing in “${APPLICANTS.en}” (creating applicants and job applications, adding files), save, then select “Test again”.`,
      de: `Öffnen Sie in HR WORKS ${HRWORKS_KEY_PAGE.de}, öffnen Sie diesen Schlüssel und erlauben Sie das Schreiben im „${APPLICANTS.de}“ (Bewerbende und Bewerbungen anlegen, Dateien hinzufügen), speichern Sie und wählen Sie dann „Erneut testen“.`,
    },
    note: {
      en: "Checked with a deliberately incomplete request that HR WORKS rejects before anything is created.",
      de: "Geprüft mit einer absichtlich unvollständigen Anfrage, die HR WORKS ablehnt, bevor etwas angelegt wird.",
    },
  },
};
