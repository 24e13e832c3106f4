// The sync logic of the reference consumer, independent of how the connection arrived (queue job
// or webhook): read the first page of employees through Latchkey's passthrough, then report
// `healthy` (or `error` with a message). It never sees a credential.
import { createLatchkeyClient, type paths } from "@latchkey/node";

export type ReadyConnection = { connectionId: string; provider: string | null };

export type LatchkeyApi = {
  /** POST /api/v1/connections/{id}/proxy */
  proxy(connectionId: string, request: { method: string; path: string; query?: Record<string, string | number>; body?: unknown }): Promise<{ status: number; body: unknown }>;
  /** POST /api/v1/connections/{id}/status */
  reportStatus(connectionId: string, body: { status: "syncing" | "healthy" | "error"; message?: string }): Promise<void>;
};

/** The first page of employees, per provider (the passthrough adds the authentication). */
const firstPage: Record<string, { method: string; path: string; query?: Record<string, string | number>; body?: unknown; count: (body: unknown) => number | undefined }> = {
  personio: {
    method: "GET",
    path: "/v1/company/employees",
    query: { limit: 50, offset: 0 },
    count: (b) => (Array.isArray((b as { data?: unknown[] })?.data) ? (b as { data: unknown[] }).data.length : undefined),
  },
  hrworks: {
    method: "GET",
    path: "/v2/persons",
    query: { page: 1 },
    // Persons grouped by organisation unit: { "<unit>": [person, …], … }.
    count: (b) => (b && typeof b === "object" && !Array.isArray(b) && Object.values(b).every(Array.isArray) ? Object.values(b as Record<string, unknown[]>).flat().length : undefined),
  },
  peoplehr: {
    method: "POST",
    path: "/Employee",
    body: { Action: "GetAllEmployeeDetail" },
    count: (b) => (Array.isArray((b as { Result?: unknown[] })?.Result) ? (b as { Result: unknown[] }).Result.length : undefined),
  },
};

export async function syncConnection(api: LatchkeyApi, conn: ReadyConnection): Promise<{ status: "healthy" | "error"; employees?: number }> {
  const page = conn.provider ? firstPage[conn.provider] : undefined;
  if (!page) {
    // Justworks (and anything unknown) is verified elsewhere; nothing to read here.
    return { status: "healthy" };
  }
  await api.reportStatus(conn.connectionId, { status: "syncing" });
  const res = await api.proxy(conn.connectionId, { method: page.method, path: page.path, query: page.query, body: page.body });
  const employees = res.status >= 200 && res.status < 300 ? page.count(res.body) : undefined;
  if (employees === undefined) {
    await api.reportStatus(conn.connectionId, { status: "error", message: `Reading employees failed (HTTP ${res.status}).` });
    return { status: "error" };
  }
  await api.reportStatus(conn.connectionId, { status: "healthy", message: `Read ${employees} employees (first page).` });
  return { status: "healthy", employees };
}

/** An error answer from Latchkey's API (never a provider's: those come back inside a proxy answer). */
export class LatchkeyApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "LatchkeyApiError";
  }
}

/** The API over HTTP with a `credentials:read` + `connections:write` key, through @latchkey/node's typed client. */
export function httpApi(baseUrl: string, apiKey: string, fetchImpl: typeof fetch = fetch): LatchkeyApi {
  const latchkey = createLatchkeyClient({ baseUrl, apiKey, fetch: fetchImpl });
  const failed = (status: number, error: unknown) =>
    new LatchkeyApiError(status, `Latchkey answered ${status}: ${JSON.stringify((error as { error?: unknown } | undefined)?.error ?? error)}`);
  return {
    proxy: async (id, request) => {
      const { data, error, response } = await latchkey.POST("/api/v1/connections/{id}/proxy", { params: { path: { id } }, body: request as ProxyRequest });
      if (!data) throw failed(response.status, error);
      return { status: data.status, body: data.body };
    },
    reportStatus: async (id, body) => {
      const { error, response } = await latchkey.POST("/api/v1/connections/{id}/status", { params: { path: { id } }, body });
      if (!response.ok) throw failed(response.status, error);
    },
  };
}

type ProxyRequest = NonNullable<paths["/api/v1/connections/{id}/proxy"]["post"]["requestBody"]>["content"]["application/json"];
