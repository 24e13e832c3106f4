// The OpenAPI 3.1 document of the vendor API, generated from the zod schemas the routes parse with.
// Other parts add their operations with registerApiPaths() from their own modules.
import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { idParams } from "@/lib/api/handler";
import { API_RATE_LIMITS } from "@/lib/api/rate-limit";
import { createSessionBodySchema, createSessionResponseSchema, errorBodySchema, revokeSessionResponseSchema } from "@/lib/connect/api-schemas";
import { connectionListSchema, listConnectionsQuerySchema, oauthAppBodySchema, oauthAppDtoSchema, oauthProviderSchema } from "@/lib/connections/api-schemas";
import { connectionDtoSchema } from "@/lib/connections/dto";
import { listOAuthFlows } from "@/lib/providers/flows";

type Extension = (registry: OpenAPIRegistry, shared: { errorResponses: typeof errorResponses; bearer: { name: string } }) => void;
const extensions: Extension[] = [];

/** For other parts' routes (events feed, credentials, …): call at module load of your own file. */
export function registerApiPaths(ext: Extension): void {
  extensions.push(ext);
}

const json = (schema: z.ZodType, description: string) => ({ description, content: { "application/json": { schema } } });

const errorResponses = {
  400: json(errorBodySchema, "`invalid_input`: the body or query failed validation; `fields` names each problem."),
  401: json(errorBodySchema, "`unauthorized`: no API key, or it is unknown or revoked."),
  403: json(errorBodySchema, "`forbidden`: the key lacks the permission this operation needs."),
  413: json(errorBodySchema, "`payload_too_large`: the request body is over 1 MB."),
  429: json(errorBodySchema, "`rate_limited`: the key's budget is spent; wait for `Retry-After` seconds."),
  503: json(errorBodySchema, "`database_unavailable`: Latchkey cannot reach its database for a moment and carried nothing out; try again after `Retry-After` seconds."),
};

const built = new Map<string, string>();

/**
 * The document as JSON, built once per server URL and process (it never changes while the process
 * runs): GET /api/v1/openapi.json serves it without rebuilding it on every request.
 */
export function openApiDocumentJson(serverUrl: string): string {
  let text = built.get(serverUrl);
  if (text === undefined) {
    text = JSON.stringify(buildOpenApiDocument(serverUrl));
    built.set(serverUrl, text);
  }
  return text;
}

export function buildOpenApiDocument(serverUrl: string) {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent("securitySchemes", "apiKey", {
    type: "http",
    scheme: "bearer",
    description: "A workspace API key (`lk_…`), created with `npm run latchkey -- apikey:create`. Send it as `Authorization: Bearer lk_…`.",
  });
  const security = [{ [bearer.name]: [] }];
  const idParam = z.object({ id: idParams.shape.id.describe("The connection's id, `conn_…`.") });

  registry.registerPath({
    method: "post",
    path: "/api/v1/connect/sessions",
    operationId: "createConnectSession",
    tags: ["Connect sessions"],
    summary: "Create a connect session",
    description:
      "Starts a connect flow for one of your customers. Open the returned token with `Latchkey.openConnect({ token })` " +
      "(link `embed`, 30 minutes), or send `url` by e-mail (link `hosted`, up to 7 days). A session is used up once a " +
      "connection is saved. Needs the `sessions:write` permission.",
    security,
    request: { body: { required: true, content: { "application/json": { schema: createSessionBodySchema } } } },
    responses: { 201: json(createSessionResponseSchema, "The session: its id, its token and the wizard's URL."), ...errorResponses },
  });
  registry.registerPath({
    method: "delete",
    path: "/api/v1/connect/sessions/{id}",
    operationId: "revokeConnectSession",
    tags: ["Connect sessions"],
    summary: "Withdraw an unused connect session",
    description:
      "Withdraws a link that has not been used yet (e.g. sent to the wrong person): from now on the wizard says the link was " +
      "withdrawn and nothing can be saved through it. Withdrawing twice answers the same. A used session cannot be withdrawn " +
      "(409): delete its connection instead. Needs the `sessions:write` permission.",
    security,
    request: { params: z.object({ id: idParams.shape.id.describe("The session's id, `cs_…`, from the create response.") }) },
    responses: {
      200: json(revokeSessionResponseSchema, "The session is withdrawn."),
      404: json(errorBodySchema, "`not_found`: no such session in your workspace."),
      409: json(errorBodySchema, "`conflict`: the session was already used."),
      ...errorResponses,
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/connections",
    operationId: "listConnections",
    tags: ["Connections"],
    summary: "List connections",
    description: "Your workspace's connections, newest first. Follow `next_cursor` for the next page. Needs `connections:read`.",
    security,
    request: { query: listConnectionsQuerySchema },
    responses: { 200: json(connectionListSchema, "A page of connections."), ...errorResponses },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/connections/{id}",
    operationId: "getConnection",
    tags: ["Connections"],
    summary: "Get a connection",
    description: "One connection with its latest check per scope. Never contains a secret: at most the credential's fingerprint. Needs `connections:read`.",
    security,
    request: { params: idParam },
    responses: { 200: json(connectionDtoSchema, "The connection."), 404: json(errorBodySchema, "`not_found`: no such connection in your workspace."), ...errorResponses },
  });
  registry.registerPath({
    method: "delete",
    path: "/api/v1/connections/{id}",
    operationId: "deleteConnection",
    tags: ["Connections"],
    summary: "Delete a connection",
    description:
      "Deletes the connection and destroys its credential's key (crypto-shredding: the secret cannot be recovered). " +
      "Emits `connection.deleted`. Needs `connections:write`.",
    security,
    request: { params: idParam },
    responses: { 200: json(connectionDtoSchema, "The deleted connection."), 404: json(errorBodySchema, "`not_found`: no such connection, or already deleted."), ...errorResponses },
  });
  const providerParam = z.object({ provider: oauthProviderSchema.describe(`A provider with an OAuth route: ${listOAuthFlows().map((f) => `\`${f.provider}\``).join(", ")}.`) });
  const noApp = json(errorBodySchema, "`not_found`: your workspace has no OAuth app at this provider.");
  registry.registerPath({
    method: "get",
    path: "/api/v1/oauth-apps",
    operationId: "listOAuthApps",
    tags: ["OAuth apps"],
    summary: "List your OAuth apps",
    description: "The OAuth apps your workspace has registered at providers, with the redirect URI to register. Never a client secret. Needs `connections:read`.",
    security,
    responses: { 200: json(z.object({ data: z.array(oauthAppDtoSchema) }), "Your apps."), ...errorResponses },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/oauth-apps/{provider}",
    operationId: "getOAuthApp",
    tags: ["OAuth apps"],
    summary: "Get your OAuth app at a provider",
    description: "Needs `connections:read`.",
    security,
    request: { params: providerParam },
    responses: { 200: json(oauthAppDtoSchema, "The app."), 404: noApp, ...errorResponses },
  });
  registry.registerPath({
    method: "put",
    path: "/api/v1/oauth-apps/{provider}",
    operationId: "setOAuthApp",
    tags: ["OAuth apps"],
    summary: "Set your OAuth app at a provider",
    description:
      "Creates or changes the app the provider issued to you (such providers create apps on request: register the `redirect_uri` " +
      "this answer shows). The client secret is sealed in Latchkey's vault and never returned; omit it to keep the stored one. " +
      "With an app, your customers link this provider through its consent page; without one, through its other route. Audited. " +
      "Needs `connections:write`.",
    security,
    request: { params: providerParam, body: { required: true, content: { "application/json": { schema: oauthAppBodySchema } } } },
    responses: { 200: json(oauthAppDtoSchema, "The app as stored."), ...errorResponses },
  });
  registry.registerPath({
    method: "delete",
    path: "/api/v1/oauth-apps/{provider}",
    operationId: "deleteOAuthApp",
    tags: ["OAuth apps"],
    summary: "Remove your OAuth app at a provider",
    description:
      "Destroys the sealed client secret (crypto-shredding). Connections made through the app keep their tokens but cannot refresh them " +
      "until an app is set again. Audited. Needs `connections:write`.",
    security,
    request: { params: providerParam },
    responses: { 204: { description: "Removed." }, 404: noApp, ...errorResponses },
  });
  for (const ext of extensions) ext(registry, { errorResponses, bearer });

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Latchkey API",
      version: "1.0.0",
      description:
        "The vendor API of Latchkey: create connect sessions for the embeddable wizard, and read or delete the connections your customers made. " +
        `Every key may make ${API_RATE_LIMITS.request.points} requests per ${API_RATE_LIMITS.request.duration} seconds ` +
        `(${API_RATE_LIMITS.session.points} session creations); errors are JSON \`{"error":{"code","message"}}\`.`,
    },
    servers: [{ url: serverUrl }],
    tags: [
      { name: "Connect sessions", description: "Start the wizard for one of your customers." },
      { name: "Connections", description: "The HR systems your customers have connected." },
      { name: "OAuth apps", description: "Your apps at providers that link through OAuth consent." },
    ],
  });
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;
