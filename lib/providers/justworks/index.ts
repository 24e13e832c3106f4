// Justworks: the service-user route (PROVIDER-APIS.md §4.2). Nothing secret is typed: the admin
// invites a third-party admin whose first name and e-mail address the wizard gives them
// (service-user.ts), ticks six admin permissions (permissions.ts), and the vendor's service account
// then accepts the invitation. Progress is a state machine (state.ts) reported later through the
// API or the dashboard. Isomorphic: what the wizard renders.
import { z } from "zod";
import { defineProvider } from "@/lib/providers/define";
import { justworksPermissions, type JustworksPermissionId } from "@/lib/providers/justworks/permissions";
import type { Localized, ScopeDefinition } from "@/lib/providers/types";

const names = (ids: JustworksPermissionId[]) => ids.map((id) => justworksPermissions.find((p) => p.id === id)!.name);

function scope(ids: JustworksPermissionId[]): ScopeDefinition {
  const list = names(ids);
  const en = list.map((n) => `“${n}”`).join(", ");
  const de = list.map((n) => `„${n}“`).join(", ");
  return {
    permission: { en: list.join(", "), de: list.join(", ") },
    fix: {
      en: `In Justworks open the service user's profile (Employees, filter on third parties), go to its admin permissions, tick ${en}, save, then let us know so that we check again.`,
      de: `Öffnen Sie in Justworks das Profil des Service-Users (Employees, gefiltert auf Third Parties), gehen Sie zu seinen Admin-Berechtigungen, kreuzen Sie ${de} an, speichern Sie und geben Sie uns Bescheid, damit wir erneut prüfen.`,
    },
  };
}

const permissionList: Localized = {
  en: justworksPermissions.map((p) => `“${p.name}”`).join(", "),
  de: justworksPermissions.map((p) => `„${p.name}“`).join(", "),
};

export const justworks = defineProvider({
  id: "justworks",
  name: "Justworks",
  logo: { letters: "JW", color: "#1d4ed8" },
  categories: ["hris"],
  flow: "service_user",
  authKind: "service_user",
  baseUrl: { variable: "JUSTWORKS_API_URL", production: "https://public-api.justworks.com" },
  fields: z.object({}),
  fieldMeta: {},
  secret: [],
  prerequisites: [
    {
      en: "You need to be a Justworks admin who may add third parties and edit admin permissions.",
      de: "Sie müssen Admin in Justworks sein und Dritte hinzufügen sowie Admin-Berechtigungen bearbeiten dürfen.",
    },
    {
      en: "Third-party admins do not count towards your Justworks bill. You can remove the service user at any time to end our access.",
      de: "Admins von Drittanbietern zählen bei Justworks nicht zu den abgerechneten Mitgliedern. Sie können den Service-User jederzeit entfernen und damit unseren Zugriff beenden.",
    },
  ],
  guide: [
    {
      title: { en: "Add a third party", de: "Einen Drittanbieter hinzufügen" },
      body: {
        en: "In Justworks open Employees and select Add. Expand “Add third party or temp” and choose “Add 3rd-party”. (In the newer layout: Manage → Third party → Add.)",
        de: "Öffnen Sie in Justworks „Employees“ und wählen Sie „Add“. Klappen Sie „Add third party or temp“ auf und wählen Sie „Add 3rd-party“. (In der neueren Ansicht: „Manage“ → „Third party“ → „Add“.)",
      },
    },
    {
      title: { en: "Fill in the service user", de: "Den Service-User eintragen" },
      body: {
        en: "Member Type: “3rd Party Admin / Accountant”. Admin Access: “Yes”. First Name and Work Email: copy them exactly from the box beside these steps. Last Name and Title: “Service Account”. Department: “No Department”. Office: “Remote (work from home)”. Start date: today is fine. Send Invitation to: “Work Email”, “Now”.",
        de: "Member Type: „3rd Party Admin / Accountant“. Admin Access: „Yes“. First Name und Work Email: genau aus dem Kasten neben diesen Schritten übernehmen. Last Name und Title: „Service Account“. Department: „No Department“. Office: „Remote (work from home)“. Startdatum: heute genügt. Send Invitation to: „Work Email“, „Now“.",
      },
    },
    {
      title: { en: "Tick the admin permissions", de: "Die Admin-Berechtigungen ankreuzen" },
      body: {
        en: `Still in the service user's profile, open its admin permissions and tick all six: ${permissionList.en}. Justworks only shows company and department details to admins who may edit company settings, which is why that one is needed even though we only read. Save.`,
        de: `Öffnen Sie im Profil des Service-Users seine Admin-Berechtigungen und kreuzen Sie alle sechs an: ${permissionList.de}. Justworks zeigt Firmen- und Abteilungsdaten nur Admins, die die Firmeneinstellungen bearbeiten dürfen; deshalb ist diese Berechtigung nötig, obwohl wir nur lesen. Speichern Sie.`,
      },
    },
    {
      title: { en: "Tell us the invitation is on its way", de: "Uns Bescheid geben" },
      body: {
        en: "Select “I have sent the invitation”. We accept it and check each permission; you can open this link again at any time to see where things stand.",
        de: "Wählen Sie „Ich habe die Einladung gesendet“. Wir nehmen sie an und prüfen jede Berechtigung; Sie können diesen Link jederzeit wieder öffnen und den Stand sehen.",
      },
    },
  ],
  scopes: {
    employees: scope(["manage_employees", "view_all_employee_information", "view_basic_employee_information", "view_invoices_and_reporting"]),
    departments: scope(["edit_company_settings"]),
    documents: scope(["upload_and_view_all_documents"]),
  },
  defaultScopes: { required: ["employees", "departments"], optional: ["documents"] },
});
