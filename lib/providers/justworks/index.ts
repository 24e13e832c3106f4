// Justworks: the service-user route (docs/providers/justworks.md). Nothing secret is typed: the admin
// invites a third-party admin whose first name and e-mail address the wizard gives them
// (service-user.ts), ticks six admin permissions (permissions.ts), and the vendor's service account
// then accepts the invitation. Progress is a state machine (state.ts) reported later through the
// API or the dashboard. Isomorphic: what the wizard renders. The texts are in
// messages/providers/justworks/<lang>.json; the scopes' permission names and fix-its there name the
// permissions of permissions.ts (justworks.test.ts keeps them in step).
import { z } from "zod";
import { defineProvider } from "@/lib/providers/define";
import { justworksSettings } from "@/lib/providers/justworks/settings";
import type { ScopeDefinition } from "@/lib/providers/types";

const scope = (key: string): ScopeDefinition => ({ permission: `scopes.${key}.permission`, fix: `scopes.${key}.fix` });

export const justworks = defineProvider({
  id: "justworks",
  name: "Justworks",
  logo: { letters: "JW", color: "#1d4ed8" },
  categories: ["hris"],
  flow: "service_user",
  authKind: "service_user",
  baseUrl: { variable: "JUSTWORKS_API_URL", production: "https://public-api.justworks.com" },
  settings: justworksSettings,
  fields: z.object({}),
  fieldMeta: {},
  secret: [],
  prerequisites: ["prerequisites.1", "prerequisites.2"],
  guide: [
    { title: "guide.1.title", body: "guide.1.body" },
    { title: "guide.2.title", body: "guide.2.body" },
    { title: "guide.3.title", body: "guide.3.body" },
    { title: "guide.4.title", body: "guide.4.body" },
  ],
  scopes: {
    employees: scope("employees"),
    departments: scope("departments"),
    documents: scope("documents"),
  },
  defaultScopes: { required: ["employees", "departments"], optional: ["documents"] },
});
