// Workspaces (vendors): creation and lookup. Embed origins are kept as bare origins, because the
// browser compares `frame-ancestors` and postMessage target origins as scheme://host:port.
import { asc, eq, or } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { workspaces, type Branding, type Workspace } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import type { Lang } from "@/lib/i18n/languages";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * An embed origin as the browser spells it (`https://app.vendor.example`, `http://localhost:3001`),
 * or a reason it is not one. Plain http only for loopback: anything else would let a network
 * attacker frame the wizard.
 */
export function parseOrigin(input: string): { ok: true; origin: string } | { ok: false; reason: string } {
  const value = input.trim();
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, reason: `"${value}" is not a URL; write it as https://app.example.com` };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, reason: `"${value}": only http(s) origins can embed the wizard` };
  if (url.protocol === "http:" && !LOOPBACK.has(url.hostname)) return { ok: false, reason: `"${value}": use https (plain http only for localhost)` };
  if (url.username || url.password) return { ok: false, reason: `"${value}": an origin has no user name or password` };
  if ((url.pathname !== "/" && url.pathname !== "") || url.search || url.hash || /\/./.test(value.replace(/^[a-z]+:\/\//i, "")))
    return { ok: false, reason: `"${value}": an origin is scheme, host and port only, without a path, query or fragment` };
  if (url.hostname.includes("*")) return { ok: false, reason: `"${value}": wildcards are not allowed` };
  return { ok: true, origin: url.origin };
}

export function parseOrigins(inputs: string[]): string[] {
  const out: string[] = [];
  const problems: string[] = [];
  for (const i of inputs) {
    const r = parseOrigin(i);
    if (r.ok) {
      if (!out.includes(r.origin)) out.push(r.origin);
    } else problems.push(r.reason);
  }
  if (problems.length) throw new AppError("invalid_input", problems.join("; "), { fieldErrors: { origins: problems } });
  return out;
}

function slugify(name: string): string {
  return (
    name
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40) || "workspace"
  );
}

export async function insertWorkspace(
  db: DbOrTx,
  input: { name: string; origins: string[]; slug?: string; defaultLanguage?: Lang; branding?: Branding },
): Promise<Workspace> {
  const name = input.name.trim();
  if (!name || name.length > 100) throw new AppError("invalid_input", "A workspace needs a name of 1 to 100 characters.");
  const origins = parseOrigins(input.origins);
  const base = input.slug ? slugify(input.slug) : slugify(name);
  let slug = base;
  for (let n = 2; (await db.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.slug, slug))).length; n++) {
    if (input.slug) throw new AppError("conflict", `The slug "${slug}" is taken.`);
    slug = `${base}-${n}`;
  }
  const [row] = await db
    .insert(workspaces)
    .values({
      id: newId("ws"),
      slug,
      name,
      allowedOrigins: origins,
      defaultLanguage: input.defaultLanguage ?? "en",
      branding: input.branding ?? { displayName: name },
    })
    .returning();
  return row!;
}

/** By id (`ws_…`) or slug. */
export async function getWorkspace(db: DbOrTx, idOrSlug: string): Promise<Workspace | null> {
  const rows = await db
    .select()
    .from(workspaces)
    .where(or(eq(workspaces.id, idOrSlug), eq(workspaces.slug, idOrSlug)))
    .limit(1);
  return rows[0] ?? null;
}

export async function listWorkspaces(db: DbOrTx): Promise<Workspace[]> {
  return db.select().from(workspaces).orderBy(asc(workspaces.createdAt));
}

export async function updateWorkspaceOrigins(db: DbOrTx, workspaceId: string, origins: string[]): Promise<Workspace> {
  const [row] = await db
    .update(workspaces)
    .set({ allowedOrigins: parseOrigins(origins), updatedAt: new Date() })
    .where(eq(workspaces.id, workspaceId))
    .returning();
  if (!row) throw new AppError("not_found", "No such workspace.");
  return row;
}
