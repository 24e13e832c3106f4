import SwaggerParser from "@apidevtools/swagger-parser";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument, openApiDocumentJson } from "@/lib/api/openapi";
import { createSessionBodySchema } from "@/lib/connect/api-schemas";

describe("the OpenAPI document", () => {
  const doc = buildOpenApiDocument("http://localhost:3000");

  it("is a valid OpenAPI 3.1 document", async () => {
    expect(doc.openapi).toBe("3.1.0");
    // validate() throws on any schema or $ref problem; it mutates, so give it a copy.
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
  });

  it("documents every operation with its security, body and errors", () => {
    expect(Object.keys(doc.paths ?? {}).sort()).toEqual(["/api/v1/connect/sessions", "/api/v1/connect/sessions/{id}", "/api/v1/connections", "/api/v1/connections/{id}", "/api/v1/oauth-apps", "/api/v1/oauth-apps/{provider}"]);
    const put = doc.paths!["/api/v1/oauth-apps/{provider}"]!.put!;
    expect(put.operationId).toBe("setOAuthApp");
    // The secret goes in, never out: the answer's schema has no such field.
    expect(JSON.stringify(put.responses?.["200"])).not.toContain("client_secret\"");
    expect(doc.paths!["/api/v1/connect/sessions/{id}"]!.delete!.operationId).toBe("revokeConnectSession");
    expect(Object.keys(doc.paths!["/api/v1/connect/sessions/{id}"]!.delete!.responses ?? {})).toEqual(expect.arrayContaining(["200", "404", "409"]));
    const post = doc.paths!["/api/v1/connect/sessions"]!.post!;
    expect(post.security).toEqual([{ apiKey: [] }]);
    expect(Object.keys(post.responses ?? {})).toEqual(expect.arrayContaining(["201", "400", "401", "403", "429", "503"]));
    expect(doc.paths!["/api/v1/connections/{id}"]!.delete!.operationId).toBe("deleteConnection");
    const params = (doc.paths!["/api/v1/connections"]!.get!.parameters ?? []) as Array<{ name: string; in: string }>;
    expect(params.map((p) => p.name).sort()).toEqual(["cursor", "end_user_id", "limit", "provider", "status"]);
  });

  it("is generated from the very schema the route parses with", () => {
    const schema = doc.components!.schemas!.CreateSessionRequest as { required: string[]; properties: Record<string, { enum?: string[] }> };
    // end_user is required unless connection_id names a connection (its end user is taken then): the route decides, the text says so.
    expect(schema.required ?? []).toEqual([]);
    expect((schema.properties.end_user as { description?: string }).description).toContain("connection_id");
    expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(createSessionBodySchema.shape).sort());
    expect(schema.properties.link!.enum).toEqual(["embed", "hosted"]);
  });

  it("has examples that its own schemas accept", () => {
    const example = (doc.components!.schemas!.CreateSessionRequest as { example: unknown }).example;
    expect(createSessionBodySchema.safeParse(example).success).toBe(true);
  });

  it("is built once per server URL and process, not on every request", () => {
    const first = openApiDocumentJson("http://localhost:3999");
    expect(openApiDocumentJson("http://localhost:3999")).toBe(first); // the very same string: not rebuilt
    expect(JSON.parse(first)).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument("http://localhost:3999"))));
    expect(JSON.parse(openApiDocumentJson("https://other.example")).servers[0].url).toBe("https://other.example");
  });
});
