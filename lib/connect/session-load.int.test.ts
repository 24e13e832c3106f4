import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as createSessionRoute } from "@/app/api/v1/connect/sessions/route";
import { resetApiRateLimits } from "@/lib/api/rate-limit";
import { createConnectSession } from "@/lib/connect/session";
import { insertApiKey } from "@/lib/db/queries/api-keys";
import { insertWorkspace } from "@/lib/db/queries/workspaces";
import type { Workspace } from "@/lib/db/schema";
import { createTestDatabase, type TestDatabase } from "@/test/db";

const N = 200;

describe(`session creation under concurrent load on ${process.env.TEST_DB ?? "postgres"}`, () => {
  let t: TestDatabase;
  let ws: Workspace;
  let key: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    ws = await insertWorkspace(t.db, { name: "Load Vendor", origins: ["https://load.example"] });
    key = (await insertApiKey(t.db, { workspaceId: ws.id, permissions: ["sessions:write"] })).key;
  });
  afterAll(async () => {
    await t?.drop();
  });

  it(`creates ${N} sessions at once through createConnectSession`, async () => {
    const results = await Promise.allSettled(
      Array.from({ length: N }, (_, i) => createConnectSession(t.db, { workspace: ws, actor: { type: "api_key", id: "key_load" }, input: { endUser: { id: `load-${i}` } } })),
    );
    const failed = results.flatMap((r) => (r.status === "rejected" ? [String((r.reason as Error)?.stack ?? r.reason)] : []));
    expect(failed).toEqual([]);
  });

  it(`creates ${N} sessions at once through the API route`, async () => {
    resetApiRateLimits();
    const results = await Promise.all(
      Array.from({ length: N }, async (_, i) => {
        const res = await createSessionRoute(
          new Request("http://localhost:3000/api/v1/connect/sessions", {
            method: "POST",
            body: JSON.stringify({ end_user: { id: `route-${i}` } }),
            headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
          }),
        );
        return { status: res.status, body: res.status === 201 ? "" : await res.text() };
      }),
    );
    const statuses = results.map((r) => r.status);
    expect(results.filter((r) => r.status >= 500)).toEqual([]);
    expect(statuses.every((s) => s === 201 || s === 429)).toBe(true);
  });
});
