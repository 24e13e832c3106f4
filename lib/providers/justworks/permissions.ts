// The six Justworks admin permissions a service user needs (docs/providers/justworks.md), with the
// unified scopes each one serves. The names are Justworks' own labels, so they stay in English in
// the German texts: that is what the admin sees on screen. Isomorphic.
import type { ScopeId, TextKey } from "@/lib/providers/types";

export const justworksPermissionIds = [
  "edit_company_settings",
  "manage_employees",
  "view_all_employee_information",
  "view_basic_employee_information",
  "upload_and_view_all_documents",
  "view_invoices_and_reporting",
] as const;
export type JustworksPermissionId = (typeof justworksPermissionIds)[number];

export type JustworksPermission = {
  id: JustworksPermissionId;
  /** Exactly as the checkbox reads in Justworks. */
  name: string;
  /** Why we need it, for the admin. */
  why: TextKey;
  scopes: ScopeId[];
};

export const justworksPermissions: JustworksPermission[] = [
  {
    id: "edit_company_settings",
    name: "Edit Company Settings",
    why: "permissions.edit_company_settings.why",
    scopes: ["departments"],
  },
  {
    id: "manage_employees",
    name: "Manage Employees",
    why: "permissions.manage_employees.why",
    scopes: ["employees"],
  },
  {
    id: "view_all_employee_information",
    name: "View all employee information",
    why: "permissions.view_all_employee_information.why",
    scopes: ["employees"],
  },
  {
    id: "view_basic_employee_information",
    name: "View basic employee information",
    why: "permissions.view_basic_employee_information.why",
    scopes: ["employees"],
  },
  {
    id: "upload_and_view_all_documents",
    name: "Upload and View all Documents",
    why: "permissions.upload_and_view_all_documents.why",
    scopes: ["documents"],
  },
  {
    id: "view_invoices_and_reporting",
    name: "View Invoices and Reporting",
    why: "permissions.view_invoices_and_reporting.why",
    scopes: ["employees"],
  },
];

const byId = new Map(justworksPermissions.map((p) => [p.id, p]));

export function justworksPermission(id: JustworksPermissionId): JustworksPermission {
  return byId.get(id)!;
}

export function isJustworksPermissionId(v: unknown): v is JustworksPermissionId {
  return typeof v === "string" && byId.has(v as JustworksPermissionId);
}

/** The permissions a set of unified scopes needs, in the canonical order. */
export function permissionsForScopes(scopes: readonly ScopeId[]): JustworksPermissionId[] {
  return justworksPermissions.filter((p) => p.scopes.some((s) => scopes.includes(s))).map((p) => p.id);
}

/** Accepts our ids or Justworks' own labels (case and spacing ignored), for the API and dashboard. */
export function parseJustworksPermission(v: string): JustworksPermissionId | undefined {
  const norm = v.trim().toLowerCase().replace(/[\s&-]+/g, "_").replace(/_+/g, "_");
  if (isJustworksPermissionId(norm)) return norm;
  return justworksPermissions.find((p) => p.name.toLowerCase().replace(/[\s&-]+/g, "_") === norm)?.id;
}
