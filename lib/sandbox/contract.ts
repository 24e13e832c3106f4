// The contract test helper: validates a simulator response (status, headers, body) against the
// providers' official specifications, vendored in test/provider-specs (test/provider-specs/SOURCES.md
// names where each came from), so the simulators cannot drift from the real APIs. Specs are parsed
// and bundled with swagger-parser and validated with ajv against the operation's declared response.
// Test-only: it reads files outside the app.
import path from "node:path";
import { fileURLToPath } from "node:url";
import SwaggerParser from "@apidevtools/swagger-parser";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsImport from "ajv-formats";
import type { ProviderId } from "@/lib/providers/types";
import { PEOPLEHR_SPEC_PATHS, patchPeopleHrSpec } from "@/lib/sandbox/peoplehr/spec";
import type { RecordedExchange } from "@/lib/sandbox/serve";

// ajv-formats is CommonJS with a default export; under ESM interop it may arrive wrapped.
const addFormats = ((addFormatsImport as unknown as { default?: unknown }).default ?? addFormatsImport) as (ajv: Ajv) => Ajv;

/** The vendored specifications, found from this file so that any working directory works. */
export function specsDir(): string {
  return fileURLToPath(new URL("../../test/provider-specs/", import.meta.url));
}

type SpecConfig = {
  file: string;
  /** Path prefix the spec's paths live under (from `servers` or, for Personio, the v1 and v2 host paths). */
  prefix: string;
  /** People HR: the spec's path key is "<path>  -  <Action>", the Action coming from the request body. */
  pathKey?: (exchange: RecordedExchange) => string | undefined;
  /**
   * Statuses the spec does not list for an operation but docs/providers/<id>.md documents for the API as a
   * whole (e.g. Personio's 429 or 403 on every v1 endpoint): validated against this error schema.
   */
  fallbackError?: { schema: string | Record<string, unknown>; statuses: number[]; contentType?: string };
  /** Mechanical corrections of a spec's own defects, documented where they are defined. */
  patch?: (doc: Record<string, unknown>) => void;
};

/** The v1 error envelope (docs/providers/personio.md, Errors), for the auth spec, which declares no error responses at all. */
const PERSONIO_V1_ERROR = {
  type: "object",
  required: ["success", "error"],
  properties: { success: { const: false }, error: { type: "object", required: ["message"], properties: { code: { type: "integer" }, message: { type: "string" } } } },
};
const PERSONIO_ERROR_STATUSES = [400, 401, 403, 404, 405, 429, 500, 503];

const SPECS: Record<string, SpecConfig> = {
  // docs/providers/hrworks.md, Errors: every error of every endpoint is an ApiError, though a few operations omit `default`.
  hrworks: { file: "hrworks-v2.openapi.yaml", prefix: "", fallbackError: { schema: "#/components/schemas/ApiError", statuses: [400, 401, 403, 404, 429, 500, 503] } },
  // Written by us from the facts (test/provider-specs/SOURCES.md says why); paths below /v2. Its
  // error bodies are Personio's own ErrorResponse (common components), on every v2 endpoint.
  "personio-v2": {
    file: "personio-v2-from-facts.openapi.yaml",
    prefix: "/v2",
    fallbackError: { schema: "#/components/schemas/Problem", statuses: PERSONIO_ERROR_STATUSES, contentType: "application/problem+json" },
  },
  "personio-auth": { file: "personio-auth-v1.openapi.yaml", prefix: "/v1", fallbackError: { schema: PERSONIO_V1_ERROR, statuses: PERSONIO_ERROR_STATUSES } },
  personio: {
    file: "personio-personnel-data-v1.openapi.yaml",
    prefix: "/v1",
    fallbackError: { schema: "#/components/schemas/ErrorResponse", statuses: PERSONIO_ERROR_STATUSES },
    patch: (doc) => {
      // The base `Response` schema declares `data` an object, yet every list response composes it
      // (allOf) with `data` as an array, and the API returns arrays: accept either here, while
      // the list schemas still check the array items.
      const response = (doc.components as { schemas: Record<string, { properties: Record<string, unknown> }> }).schemas.Response;
      if (response) response.properties.data = { anyOf: [{ type: "object" }, { type: "array" }] };
    },
  },
  peoplehr: {
    file: "peoplehr.swagger.json",
    prefix: "",
    pathKey: (ex) => {
      try {
        const action = (JSON.parse(ex.requestBody) as { Action?: unknown }).Action;
        return typeof action === "string" ? `${PEOPLEHR_SPEC_PATHS[ex.path] ?? ex.path}  -  ${action}` : undefined;
      } catch {
        return undefined;
      }
    },
    patch: patchPeopleHrSpec,
  },
};

/** Which specs describe a provider's API, tried in order. */
export const PROVIDER_SPECS: Partial<Record<ProviderId, string[]>> = {
  hrworks: ["hrworks"],
  personio: ["personio-v2", "personio-auth", "personio"],
  peoplehr: ["peoplehr"],
};

type Loaded = { config: SpecConfig; doc: Record<string, unknown>; ajv: Ajv; id: string; swagger2: boolean; cache: Map<string, ValidateFunction> };
const loaded = new Map<string, Promise<Loaded>>();

function loadSpec(name: string): Promise<Loaded> {
  let p = loaded.get(name);
  if (!p) {
    p = (async () => {
      const config = SPECS[name];
      if (!config) throw new Error(`no spec named ${name}`);
      const doc = (await SwaggerParser.bundle(path.join(specsDir(), config.file))) as unknown as Record<string, unknown>;
      config.patch?.(doc);
      const ajv = new Ajv({ strict: false, allErrors: true, logger: false, validateSchema: false });
      addFormats(ajv);
      for (const f of ["int32", "int64", "float", "double", "byte", "binary", "password"]) ajv.addFormat(f, true);
      const id = `spec:${name}`;
      ajv.addSchema(doc, id);
      return { config, doc, ajv, id, swagger2: typeof doc.swagger === "string", cache: new Map() };
    })();
    loaded.set(name, p);
  }
  return p;
}

function pointer(parts: string[]): string {
  return "#/" + parts.map((p) => p.replace(/~/g, "~0").replace(/\//g, "~1")).join("/");
}

function templateRegex(template: string): RegExp {
  const escaped = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith("{") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${escaped}$`);
}

type Operation = { spec: Loaded; pathKey: string; method: string; op: Record<string, unknown> };

async function findOperation(provider: ProviderId, ex: RecordedExchange): Promise<Operation | undefined> {
  for (const name of PROVIDER_SPECS[provider] ?? []) {
    const spec = await loadSpec(name);
    if (spec.config.prefix && !ex.path.startsWith(spec.config.prefix + "/")) continue;
    const rel = ex.path.slice(spec.config.prefix.length);
    const paths = spec.doc.paths as Record<string, Record<string, unknown>>;
    const method = ex.method.toLowerCase();
    const wanted = spec.config.pathKey ? spec.config.pathKey({ ...ex, path: rel }) : rel;
    if (!wanted) continue;
    // Literal paths before templated ones: /persons/master-data is not /persons/{personIdentifier}.
    const candidates = Object.keys(paths)
      .filter((k) => paths[k]?.[method] && templateRegex(k).test(wanted))
      .sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0));
    const key = candidates[0];
    if (key) return { spec, pathKey: key, method, op: paths[key]![method] as Record<string, unknown> };
  }
  return undefined;
}

export type ContractResult = { ok: boolean; operation?: string; errors: string[] };

function compile(spec: Loaded, ref: string | Record<string, unknown>): ValidateFunction {
  const key = typeof ref === "string" ? ref : JSON.stringify(ref);
  let v = spec.cache.get(key);
  if (!v) {
    v = spec.ajv.compile(typeof ref === "string" ? { $ref: `${spec.id}${ref}` } : ref);
    spec.cache.set(key, v);
  }
  return v;
}

/** Validates one recorded simulator exchange against the provider's official specification. */
export async function validateExchange(provider: ProviderId, ex: RecordedExchange): Promise<ContractResult> {
  const found = await findOperation(provider, ex);
  if (!found) return validateUndocumentedRequest(provider, ex);
  const { spec, pathKey, method, op } = found;
  const operation = `${method.toUpperCase()} ${pathKey}`;
  const errors: string[] = [];
  const responses = (op.responses ?? {}) as Record<string, Record<string, unknown>>;
  const statusKey = [String(ex.status), `${String(ex.status)[0]}XX`, "default"].find((k) => responses[k] !== undefined);
  let schemaRef: string | Record<string, unknown> | undefined;
  let declaredTypes: string[] = [];
  let declaredHeaders: Record<string, { required?: boolean }> = {};
  const base = ["paths", pathKey, method, "responses"];
  if (statusKey) {
    const response = responses[statusKey]!;
    declaredHeaders = (response.headers ?? {}) as Record<string, { required?: boolean }>;
    if (spec.swagger2) {
      // A response may be a reference into the spec's shared `responses` (People HR's are).
      const ref = typeof response.$ref === "string" && response.$ref.startsWith("#/responses/") ? response.$ref.slice("#/responses/".length) : undefined;
      const target = ref ? (spec.doc.responses as Record<string, Record<string, unknown>> | undefined)?.[ref] : response;
      if (target?.schema) {
        schemaRef = ref ? pointer(["responses", ref, "schema"]) : pointer([...base, statusKey, "schema"]);
        declaredTypes = ["application/json"];
      }
    } else {
      // A response may be a reference into the spec's shared `components.responses`.
      const ref = typeof response.$ref === "string" && response.$ref.startsWith("#/components/responses/") ? response.$ref.slice("#/components/responses/".length) : undefined;
      const target = ref ? ((spec.doc.components as { responses?: Record<string, Record<string, unknown>> } | undefined)?.responses?.[ref] ?? {}) : response;
      const at = ref ? ["components", "responses", ref] : [...base, statusKey];
      const content = (target.content ?? {}) as Record<string, { schema?: unknown }>;
      declaredTypes = Object.keys(content);
      const type = declaredTypes.find((t) => t.includes("json"));
      if (type && content[type]?.schema) schemaRef = pointer([...at, "content", type, "schema"]);
    }
  } else if (spec.config.fallbackError?.statuses.includes(ex.status)) {
    schemaRef = spec.config.fallbackError.schema;
    declaredTypes = [spec.config.fallbackError.contentType ?? "application/json"];
  } else {
    return { ok: false, operation, errors: [`${operation}: status ${ex.status} is not documented`] };
  }

  for (const [name, h] of Object.entries(declaredHeaders)) {
    if (h.required && ex.headers[name.toLowerCase()] === undefined) errors.push(`${operation}: required header ${name} missing`);
  }
  const fallback = spec.config.fallbackError;
  if (declaredTypes.length === 0 && ex.status >= 400 && fallback?.statuses.includes(ex.status) && ex.body.length > 0) {
    // The spec lists the status but not its body: check it against the API-wide error shape.
    schemaRef = fallback.schema;
    declaredTypes = [fallback.contentType ?? "application/json"];
  }
  if (declaredTypes.length === 0) {
    if (ex.body.length > 0) errors.push(`${operation} ${ex.status}: the spec declares no body, but one was sent`);
    return { ok: errors.length === 0, operation, errors };
  }
  const contentType = (ex.headers["content-type"] ?? "").split(";")[0]!.trim();
  if (!declaredTypes.some((t) => t === contentType || t === "*/*")) errors.push(`${operation} ${ex.status}: content-type ${contentType || "(none)"} not in ${declaredTypes.join(", ")}`);
  if (contentType.includes("json")) {
    let body: unknown;
    try {
      body = JSON.parse(ex.body);
    } catch {
      errors.push(`${operation} ${ex.status}: body is not JSON`);
      return { ok: false, operation, errors };
    }
    const validate = schemaRef ? compile(spec, schemaRef) : undefined;
    if (validate && !validate(body)) {
      for (const e of validate.errors ?? []) errors.push(`${operation} ${ex.status}: ${e.instancePath || "(body)"} ${e.message ?? "invalid"}`);
    }
  }
  return { ok: errors.length === 0, operation, errors };
}

/**
 * A request the spec does not describe (an unknown path, as a client's typo would make): the API
 * still answers with its general error shape, so that is what we check.
 */
async function validateUndocumentedRequest(provider: ProviderId, ex: RecordedExchange): Promise<ContractResult> {
  const fail = { ok: false, errors: [`${ex.method} ${ex.path}: not in the specification`] };
  const names = PROVIDER_SPECS[provider] ?? [];
  for (const name of [...names].reverse()) {
    const spec = await loadSpec(name);
    if (spec.config.prefix && !ex.path.startsWith(spec.config.prefix + "/")) continue;
    const fallback = spec.config.fallbackError;
    if (!fallback || ex.status < 400 || !fallback.statuses.includes(ex.status)) continue;
    let body: unknown;
    try {
      body = JSON.parse(ex.body);
    } catch {
      return fail;
    }
    const validate = compile(spec, fallback.schema);
    if (validate(body)) return { ok: true, operation: `${ex.method} (undocumented path)`, errors: [] };
    return { ok: false, errors: (validate.errors ?? []).map((e) => `${ex.method} ${ex.path} ${ex.status}: ${e.instancePath || "(body)"} ${e.message ?? "invalid"}`) };
  }
  return fail;
}

/** Validates every exchange; intentionally malformed sandbox answers must fail, all others pass. */
export async function validateAll(provider: ProviderId, exchanges: RecordedExchange[]): Promise<{ checked: number; failures: string[]; operations: Set<string> }> {
  const failures: string[] = [];
  const operations = new Set<string>();
  for (const ex of exchanges) {
    const r = await validateExchange(provider, ex);
    if (r.operation) operations.add(r.operation);
    const intentionallyMalformed = ex.headers["x-sandbox-malformed"] === "1";
    if (intentionallyMalformed && r.ok) failures.push(`${ex.method} ${ex.path}: a deliberately malformed answer passed validation`);
    if (!intentionallyMalformed && !r.ok) failures.push(...r.errors);
  }
  return { checked: exchanges.length, failures, operations };
}
