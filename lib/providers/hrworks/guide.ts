// How an HR WORKS admin creates a key pair and ticks its permissions, in our own words from the
// public facts (docs/providers/hrworks.md). The texts are in messages/providers/hrworks/<lang>.json;
// the menu path is the one HR WORKS documents in English, and the German labels of the menu are not
// confirmed, so the German text names the English path too.
import type { GuideStep, ScopeDefinition, ScopeId, TextKey } from "@/lib/providers/types";

export const hrworksPrerequisites: TextKey[] = ["prerequisites.1", "prerequisites.2"];

export const hrworksGuide: GuideStep<"accessKey" | "secretAccessKey">[] = [
  { title: "guide.1.title", body: "guide.1.body" },
  { title: "guide.2.title", body: "guide.2.body" },
  { title: "guide.3.title", body: "guide.3.body" },
  { title: "guide.4.title", body: "guide.4.body", field: "accessKey" },
];

const scope = (key: string, extra?: Partial<ScopeDefinition>): ScopeDefinition => ({ permission: `scopes.${key}.permission`, fix: `scopes.${key}.fix`, ...extra });

export const hrworksScopes: Partial<Record<ScopeId, ScopeDefinition>> = {
  employees: scope("employees"),
  departments: scope("departments"),
  absences: scope("absences"),
  "ats.jobs": scope("ats_jobs"),
  "ats.job_postings": scope("ats_job_postings"),
  "ats.candidates": scope("ats_candidates"),
  "ats.applications": scope("ats_applications"),
  "ats.write": scope("ats_write", { note: "scopes.ats_write.note" }),
};
