// countConnectionsByStatus sums whole days from connection_counts (kept by triggers on
// connections) and counts only partial days: it must agree with counting the rows, for every
// filter and range, after inserts, status changes, moves and deletes, on both databases.
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countConnectionsByStatus, type ConnectionFilters } from "@/lib/db/queries/dashboard";
import { connectionCounts, connections, workspaces, type ConnectionStatus } from "@/lib/db/schema";
import { createTestDatabase, type TestDatabase } from "@/test/db";

let t: TestDatabase;
const H = 3_600_000;
const t0 = Date.UTC(2026, 4, 1, 0, 0, 0);
const statuses: ConnectionStatus[] = ["active", "needs_attention", "pending", "deleted"];

/** The same counts, from the rows. */
async function rowCounts(f: ConnectionFilters): Promise<Record<ConnectionStatus, number>> {
  const rows = await t.db.select().from(connections);
  const out: Record<ConnectionStatus, number> = { active: 0, needs_attention: 0, pending: 0, deleted: 0 };
  for (const r of rows) {
    if (f.workspaceIds && !f.workspaceIds.includes(r.workspaceId)) continue;
    if (f.workspaceId && r.workspaceId !== f.workspaceId) continue;
    if (f.provider && r.provider !== f.provider) continue;
    if (f.from && r.createdAt < f.from) continue;
    if (f.to && r.createdAt >= f.to) continue;
    if (f.q && !r.endUserId.startsWith(f.q)) continue;
    out[r.status]++;
  }
  return out;
}

const filters: ConnectionFilters[] = [
  {},
  { workspaceId: "ws_a" },
  { workspaceIds: ["ws_b"] },
  { workspaceIds: [] },
  { provider: "personio" },
  { from: new Date(t0 + 30 * H + 17 * 60_000) },
  { to: new Date(t0 + 70 * H + 5) },
  { from: new Date(t0 + 13 * H), to: new Date(t0 + 100 * H) },
  { from: new Date(t0 + 24 * H), to: new Date(t0 + 72 * H) },
  { from: new Date(t0 + 25 * H), to: new Date(t0 + 26 * H) },
  { workspaceId: "ws_b", provider: "hrworks", from: new Date(t0 + 5 * H), to: new Date(t0 + 90 * H) },
  { q: "u1" },
];

async function expectAgreement() {
  for (const f of filters) expect(await countConnectionsByStatus(t.db, f), JSON.stringify(f)).toEqual(await rowCounts(f));
}

beforeAll(async () => {
  t = await createTestDatabase();
  await t.db.insert(workspaces).values([
    { id: "ws_a", slug: "a", name: "Alpha" },
    { id: "ws_b", slug: "b", name: "Beta" },
  ]);
  // 120 connections, one every 50 minutes over about four days, in one statement.
  await t.db.insert(connections).values(
    Array.from({ length: 120 }, (_, i) => ({
      id: `c${i}`,
      workspaceId: i % 3 ? "ws_a" : "ws_b",
      endUserId: `u${i}`,
      provider: i % 2 ? "personio" : "hrworks",
      status: statuses[i % 4]!,
      createdAt: new Date(t0 + i * 50 * 60_000),
    })),
  );
});
afterAll(async () => {
  await t?.drop();
});

describe("connection counts from the rollup", () => {
  it("agree with the rows after a bulk insert", async () => {
    await expectAgreement();
  });

  it("agree after status changes, a move, updates that change nothing counted, and deletes", async () => {
    await t.db.update(connections).set({ status: "needs_attention" }).where(inArray(connections.id, ["c0", "c1", "c2", "c3", "c4"]));
    await t.db.update(connections).set({ provider: "peoplehr", workspaceId: "ws_b" }).where(eq(connections.id, "c7"));
    await t.db.update(connections).set({ lastCheckedAt: new Date() }).where(inArray(connections.id, ["c10", "c11"]));
    await t.db.update(connections).set({ status: "active" }).where(eq(connections.id, "c12")); // already active
    await t.db.delete(connections).where(inArray(connections.id, ["c20", "c21", "c22"]));
    await expectAgreement();
    // Nothing written for keys that did not change; no row of the rollup goes negative.
    const negative = (await t.db.select().from(connectionCounts)).filter((r) => r.n < 0);
    expect(negative).toEqual([]);
  });
});
