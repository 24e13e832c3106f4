"use server";
// The demo vendor's backend: it calls Latchkey's API with the demo key, exactly as a vendor's
// server would (the key never reaches the browser).
import { headers } from "next/headers";
import { listenerPort } from "@/lib/client-address";
import { getEnv } from "@/lib/env";
import { readDemoApiKey } from "@/lib/demo";
import type { ActionResult } from "@/lib/errors";
import { isLang, type Lang } from "@/lib/i18n/languages";
import { providerIds, type ProviderId } from "@/lib/providers/types";

export type DemoConnection = { id: string; provider: string; status: string; account_label: string | null; created_at: string; credential: { fingerprint: string | null } | null };

/** The app's own address as seen from this process (loopback: no trip through a proxy). */
function apiBase(): string {
  const env = getEnv();
  const host = env.HOST === "0.0.0.0" || env.HOST === "::" ? "127.0.0.1" : env.HOST;
  return `http://${host.includes(":") ? `[${host}]` : host}:${env.PORT}`;
}

/**
 * These actions hold the full-permission demo key and need no sign-in: they answer only in demo
 * mode and only to requests that reached the demo host page's own listener (the launcher records
 * the local port in a header no client can set; a Host header could be forged).
 */
async function onDemoOrigin(): Promise<boolean> {
  const env = getEnv();
  return env.demo && listenerPort(await headers()) === env.LATCHKEY_DEMO_PORT;
}

async function callApi<T>(path: string, init: RequestInit = {}): Promise<ActionResult<T>> {
  const env = getEnv();
  const key = readDemoApiKey();
  if (!env.demo || !key) return { ok: false, code: "forbidden", message: "The demo host page works only in demo mode." };
  if (!(await onDemoOrigin())) return { ok: false, code: "forbidden", message: "The demo host page's actions answer only on its own origin." };
  try {
    const res = await fetch(apiBase() + path, {
      ...init,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...init.headers },
      cache: "no-store",
    });
    const body = await res.json();
    if (!res.ok) return { ok: false, code: body?.error?.code ?? "internal_error", message: body?.error?.message ?? `HTTP ${res.status}` };
    return { ok: true, data: body as T };
  } catch {
    return { ok: false, code: "unavailable", message: "Could not reach the Latchkey API." };
  }
}

/**
 * "HR data and applicant tracking": the scopes an ATS-minded vendor asks for, so the demo shows the
 * applicant-management checks (and, with HWSANDBOX-SLOW-APPLICANTS, permissions arriving one by one).
 * Default: no scopes in the request, so each system's own default scopes.
 */
const ATS_ACCESS = {
  scopes: ["employees", "departments", "ats.jobs", "ats.job_postings", "ats.candidates", "ats.applications", "ats.write"],
  optional_scopes: ["absences"],
};

export async function createDemoSession(input: { language: Lang; provider: ProviderId | "all"; access?: "hr" | "hr_ats"; userId: string }): Promise<ActionResult<{ token: string; expires_at: string }>> {
  const language = isLang(input.language) ? input.language : "en";
  const provider = (providerIds as readonly string[]).includes(input.provider) ? (input.provider as ProviderId) : null;
  const userId = /^[A-Za-z0-9._-]{1,64}$/.test(input.userId) ? input.userId : "acme-customer-1";
  const r = await callApi<{ token: string; url: string; expires_at: string }>("/api/v1/connect/sessions", {
    method: "POST",
    body: JSON.stringify({
      end_user: { id: userId, name: "Müller Logistik GmbH", email: "hr@mueller-logistik.example" },
      language,
      ...(provider ? { providers: [provider] } : {}),
      ...(input.access === "hr_ats" ? ATS_ACCESS : {}),
    }),
  });
  return r.ok ? { ok: true, data: { token: r.data.token, expires_at: r.data.expires_at } } : r;
}

export async function listDemoConnections(): Promise<ActionResult<DemoConnection[]>> {
  const r = await callApi<{ data: DemoConnection[] }>("/api/v1/connections?limit=10");
  return r.ok ? { ok: true, data: r.data.data } : r;
}

export async function deleteDemoConnection(id: string): Promise<ActionResult<null>> {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(id)) return { ok: false, code: "invalid_input", message: "Not a connection id." };
  const r = await callApi<unknown>(`/api/v1/connections/${id}`, { method: "DELETE" });
  return r.ok ? { ok: true, data: null } : r;
}
