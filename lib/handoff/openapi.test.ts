import SwaggerParser from "@apidevtools/swagger-parser";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import "@/lib/handoff/openapi";
import { listServiceUserFlows } from "@/lib/providers/flows";

describe("the hand-off routes in the OpenAPI document", () => {
  const doc = buildOpenApiDocument("http://localhost:3000");

  it("stays a valid OpenAPI 3.1 document", async () => {
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
  });

  it("documents the feed, credentials, passthrough, status and webhook endpoints", () => {
    const paths = Object.keys(doc.paths ?? {});
    for (const p of [
      "/api/v1/events",
      "/api/v1/connections/{id}/credentials",
      "/api/v1/connections/{id}/proxy",
      "/api/v1/connections/{id}/status",
      "/api/v1/webhook-endpoints",
      "/api/v1/webhook-endpoints/{id}",
      "/api/v1/webhook-endpoints/{id}/rotate-secret",
      "/api/v1/webhook-endpoints/{id}/deliveries",
      "/api/v1/webhook-endpoints/{id}/test",
    ])
      expect(paths).toContain(p);
    const params = (doc.paths!["/api/v1/events"]!.get!.parameters ?? []) as Array<{ name: string }>;
    expect(params.map((p) => p.name).sort()).toEqual(["after", "connection_id", "limit", "type"]);
  });

  it("takes the status report's service-user fields and event types from the flows", () => {
    const op = doc.paths!["/api/v1/connections/{id}/status"]!.post!;
    const body = (op.requestBody as { content: Record<string, { schema: Record<string, unknown> }> }).content["application/json"]!.schema;
    const properties = Object.keys((body.properties ?? {}) as Record<string, unknown>);
    const flows = listServiceUserFlows();
    expect(flows.length).toBeGreaterThan(0);
    for (const f of flows) {
      expect(properties).toContain(f.statusField);
      expect(op.description).toContain(`\`${f.statusField}\``);
    }
    const feedTypes = JSON.stringify(doc.paths!["/api/v1/events"]!.get!.parameters);
    for (const type of flows.flatMap((f) => f.eventTypes)) expect(feedTypes).toContain(type);
  });
});
