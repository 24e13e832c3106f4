// The provider budget end to end: the People HR simulator counts 30 calls a minute from one address,
// as People HR documents, and answers a rate-limit exception past that. Two "instances" (two pools
// on one database) run credential checks and passthrough-style sessions until Latchkey's budget
// says to wait: the simulator never sees a call it would refuse, and the refusal says how long.
import { drizzle } from "drizzle-orm/node-postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPool } from "@/lib/db";
import * as schema from "@/lib/db/schema";
import { setEnvOverrides } from "@/lib/env";
import { openProviderSession, runCheck } from "@/lib/providers/check";
import { providerBudgetGate } from "@/lib/rate-limit";
import { createPeoplehrSandbox, PEOPLEHR_RATE_LIMIT_PER_MINUTE } from "@/lib/sandbox/peoplehr";
import { peoplehrSandboxCredentials, PEOPLEHR_SANDBOX_SCOPES } from "@/lib/sandbox/peoplehr/credentials";
import { serveSandbox, type SandboxServer } from "@/lib/sandbox/serve";
import { createTestDatabase, testDbKind, type TestDatabase } from "@/test/db";

describe(`provider budget against People HR's documented limit (${testDbKind()})`, () => {
  let t: TestDatabase;
  let server: SandboxServer;
  const pools: ReturnType<typeof createPool>[] = [];
  beforeAll(async () => {
    t = await createTestDatabase();
    server = await serveSandbox(createPeoplehrSandbox({ rateLimitPerMinute: PEOPLEHR_RATE_LIMIT_PER_MINUTE, rateLimitStyle: "http429" }));
    setEnvOverrides({ DATABASE_URL: t.url, LATCHKEY_DEMO: "true", PEOPLEHR_API_URL: server.url, PROVIDER_TIMEOUT_MS: "3000" });
    for (let i = 0; i < 2; i++) pools.push(createPool(t.url, 3));
  });
  afterAll(async () => {
    await server?.close();
    await Promise.all(pools.map((p) => p.end()));
    await t?.drop();
  });

  it("case 35: checks from two instances stop at 30 calls a minute; none is answered 429 and the refusal says when to retry, in English and German", async () => {
    const instances = pools.map((pool) => drizzle(pool, { schema }));
    const apiKey = peoplehrSandboxCredentials.find((c) => c.expect.outcome === "ok")!.values.apiKey!;
    const outcomes: string[] = [];
    let refused: Awaited<ReturnType<typeof runCheck>> | undefined;
    for (let i = 0; i < 12 && !refused; i++) {
      const db = instances[i % 2]!;
      const budget = providerBudgetGate({ provider: "peoplehr", workspaceId: `ws${i % 3}`, connection: `conn${i}` }, () => db);
      const result = await runCheck({ provider: "peoplehr", credentials: { apiKey }, required: PEOPLEHR_SANDBOX_SCOPES.required, optional: PEOPLEHR_SANDBOX_SCOPES.optional, budget });
      outcomes.push(result.outcome);
      if (result.outcome !== "ok") refused = result;
    }
    expect(outcomes.filter((o) => o === "ok").length).toBeGreaterThan(1);
    expect(refused?.outcome).toBe("rate_limited");
    expect(refused?.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused?.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(refused?.message.en).toMatch(/^Latchkey keeps its requests to Access People HR below the limit .* Wait \d+ seconds?/);
    expect(refused?.message.de).toMatch(/^Latchkey hält seine Anfragen an Access People HR .* Warten Sie \d+ Sekunden?/);
    // What reached the provider: at most its documented 30, none refused by it.
    expect(server.exchanges.length).toBeLessThanOrEqual(PEOPLEHR_RATE_LIMIT_PER_MINUTE);
    expect(server.exchanges.filter((e) => e.status === 429)).toEqual([]);
    // The passthrough's authentication spends the same budget: single calls pass until exactly the
    // 30th, then are refused before anything is sent.
    let session: Awaited<ReturnType<typeof openProviderSession>> | undefined;
    for (let i = 0; i < PEOPLEHR_RATE_LIMIT_PER_MINUTE && (!session || session.ok); i++) {
      const budget = providerBudgetGate({ provider: "peoplehr", workspaceId: "ws9", connection: `proxy${i}` }, () => instances[i % 2]!);
      session = await openProviderSession({ provider: "peoplehr", credentials: { apiKey }, budget });
    }
    expect(session).toMatchObject({ ok: false, outcome: "rate_limited", retryAfterSeconds: expect.any(Number) });
    expect(server.exchanges.length).toBe(PEOPLEHR_RATE_LIMIT_PER_MINUTE);
    expect(server.exchanges.filter((e) => e.status === 429)).toEqual([]);
  });
});
