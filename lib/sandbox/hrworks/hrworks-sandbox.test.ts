import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHrworksSandbox } from "@/lib/sandbox/hrworks";
import { HRWORKS_SANDBOX_SECRET } from "@/lib/sandbox/hrworks/credentials";
import { serveSandbox, type SandboxServer } from "@/lib/sandbox/serve";
import { expectContract } from "@/lib/sandbox/testing";

let server: SandboxServer;
let token: string;

async function call(path: string, init: RequestInit & { token?: string | null } = {}) {
  const headers = new Headers(init.headers);
  const t = init.token === undefined ? token : init.token;
  if (t) headers.set("authorization", `Bearer ${t}`);
  if (init.body) headers.set("content-type", "application/json");
  return fetch(path.startsWith("http") ? path : `${server.url}${path}`, { ...init, headers });
}

beforeAll(async () => {
  server = await serveSandbox(createHrworksSandbox({ pageSize: 2 }));
  const res = await call("/v2/authentication", { method: "POST", token: null, body: JSON.stringify({ accessKey: "HWSANDBOX-ALL", secretAccessKey: HRWORKS_SANDBOX_SECRET }) });
  token = ((await res.json()) as { token: string }).token;
});
afterAll(async () => {
  await expectContract("hrworks", server);
  await server.close();
});

describe("HR WORKS simulator", () => {
  it("issues a JWT that expires in 15 minutes", () => {
    const claims = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as { exp: number; iat: number; accessKeyId: string };
    expect(claims.exp - claims.iat).toBe(900);
    expect(claims.accessKeyId).toBe("HWSANDBOX-ALL");
  });

  it("pages with absolute Link headers and omits `next` on the last page", async () => {
    const first = await call("/v2/persons/master-data?onlyActive=false");
    const link = first.headers.get("link")!;
    expect(link).toContain(`<${server.url}/v2/persons/master-data?onlyActive=false&page=2>; rel="next"`);
    const names: string[] = ((await first.json()) as { persons: Array<{ firstName: string }> }).persons.map((p) => p.firstName);
    let next = /<([^>]+)>; rel="next"/.exec(link)?.[1];
    while (next) {
      const res = await call(next);
      names.push(...((await res.json()) as { persons: Array<{ firstName: string }> }).persons.map((p) => p.firstName));
      next = /<([^>]+)>; rel="next"/.exec(res.headers.get("link") ?? "")?.[1];
    }
    expect(names).toHaveLength(4);
  });

  it("answers the documented error types", async () => {
    const noHeader = await call("/v2/persons", { token: null });
    expect(noHeader.status).toBe(401);
    expect(await noHeader.json()).toMatchObject({ errorCode: 401, type: "MissingAuthorizationHeaderError" });
    const garbage = await call("/v2/persons", { token: "not-a-token" });
    expect(await garbage.json()).toMatchObject({ type: "InvalidBearerTokenError" });
    const noDates = await call("/v2/absences");
    expect(noDates.status).toBe(400);
    expect(await noDates.json()).toMatchObject({ type: "MissingParameterError" });
    const unknown = await call("/v2/nothing-here");
    expect(await unknown.json()).toMatchObject({ type: "InvalidEndpointError" });
  });

  it("validates a write and stores nothing", async () => {
    const before = await (await call("/v2/applicant-management/job-applications")).json();
    const invalid = await call("/v2/applicant-management/job-applications", { method: "POST", body: JSON.stringify({ data: "x" }) });
    expect(invalid.status).toBe(400);
    const valid = await call("/v2/applicant-management/job-applications", { method: "POST", body: JSON.stringify({ data: [{ postId: "17" }] }) });
    expect(valid.status).toBe(200);
    expect(await valid.json()).toMatchObject({ jobId: expect.stringMatching(/^sandbox-/) });
    expect(await (await call("/v2/applicant-management/job-applications")).json()).toEqual(before);
  });

  it("keys persons by organization unit number, or uuid on request", async () => {
    const byNumber = (await (await call("/v2/persons")).json()) as Record<string, unknown[]>;
    expect(Object.keys(byNumber).sort()).toEqual(["100", "200"]);
    const byUuid = (await (await call("/v2/persons?identifierType=uuid")).json()) as Record<string, unknown[]>;
    expect(Object.keys(byUuid).every((k) => /^[0-9a-f-]{36}$/.test(k))).toBe(true);
  });
});
