// Demo mode: a demo workspace (and, as later parts arrive, its API key, admin and sandbox data).
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { workspaces, type Workspace } from "@/lib/db/schema";
import { getEnv } from "@/lib/env";

export const DEMO_WORKSPACE_ID = "ws_demo";

export async function ensureDemoWorkspace(db: Db): Promise<Workspace> {
  const env = getEnv();
  const origins = [env.demoHostUrl, `http://127.0.0.1:${env.LATCHKEY_DEMO_PORT}`];
  const existing = await db.select().from(workspaces).where(eq(workspaces.id, DEMO_WORKSPACE_ID));
  if (existing[0]) {
    // The demo port may have changed between starts: keep the host page's origin allowed.
    const missing = origins.filter((o) => !existing[0]!.allowedOrigins.includes(o));
    if (!missing.length) return existing[0];
    const [updated] = await db
      .update(workspaces)
      .set({ allowedOrigins: [...existing[0].allowedOrigins, ...missing], updatedAt: new Date() })
      .where(eq(workspaces.id, DEMO_WORKSPACE_ID))
      .returning();
    return updated!;
  }
  const [created] = await db
    .insert(workspaces)
    .values({
      id: DEMO_WORKSPACE_ID,
      slug: "demo",
      name: "Acme Payroll (demo)",
      allowedOrigins: origins,
      branding: { displayName: "Acme Payroll", accentColor: "#4f46e5" },
      defaultLanguage: "en",
      justworksFirstName: "Acme",
      justworksEmailDomain: "acme-sync.example.com",
      isDemo: true,
    })
    .returning();
  return created!;
}
