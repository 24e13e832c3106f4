// Processes and requests of the fault drill (test/drill/faults.drill.ts): the built app started as
// `npm start` does it (scripts/serve.ts), the worker as `npm run worker`, a webhook receiver that
// verifies signatures, and a save the way the wizard makes it (the session API, then the wizard's
// startCheck server action against the People HR simulator).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Webhook } from "standardwebhooks";

export const root = path.resolve(import.meta.dirname, "../..");

export type Proc = {
  name: string;
  child: ChildProcess;
  /** Every line it wrote (stdout and stderr). */
  lines: string[];
  /** Set when we killed it (SIGKILL or SIGTERM); an exit without it is "exited on its own". */
  killedBy: NodeJS.Signals | null;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  exit: { code: number | null; signal: NodeJS.Signals | null; at: number } | null;
  waitForLine: (re: RegExp, timeoutMs: number) => Promise<string>;
  kill: (signal: NodeJS.Signals) => void;
};

export function startProc(name: string, script: string, env: Record<string, string>): Proc {
  const child = spawn(process.execPath, ["--import", "tsx", script], { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  const watchers = new Set<(line: string) => void>();
  const onData = (d: Buffer) => {
    for (const line of d.toString().split("\n")) {
      if (!line.trim()) continue;
      lines.push(line);
      for (const w of watchers) w(line);
    }
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const proc: Proc = {
    name,
    child,
    lines,
    killedBy: null,
    exit: null,
    exited: new Promise((resolve) =>
      child.on("exit", (code, signal) => {
        proc.exit = { code, signal, at: performance.now() };
        resolve(proc.exit);
      }),
    ),
    waitForLine: (re, timeoutMs) =>
      new Promise((resolve, reject) => {
        const found = lines.find((l) => re.test(l));
        if (found) return resolve(found);
        const timer = setTimeout(() => {
          watchers.delete(w);
          reject(new Error(`${name}: no line matching ${re} within ${timeoutMs} ms; last lines:\n${lines.slice(-15).join("\n")}`));
        }, timeoutMs);
        const w = (line: string) => {
          if (!re.test(line)) return;
          clearTimeout(timer);
          watchers.delete(w);
          resolve(line);
        };
        watchers.add(w);
      }),
    kill: (signal) => {
      proc.killedBy = signal;
      child.kill(signal);
    },
  };
  return proc;
}

export type Received = { id: string; at: number; valid: boolean };

/** A webhook receiver that checks each request's Standard Webhooks signature with `secret`. */
export async function startReceiver(): Promise<{ url: string; received: Received[]; setSecret: (s: string) => void; close: () => Promise<void> }> {
  const received: Received[] = [];
  let verifier: Webhook | null = null;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let valid = false;
      try {
        verifier?.verify(body, req.headers as Record<string, string>);
        valid = verifier !== null;
      } catch {
        valid = false;
      }
      received.push({ id: String(req.headers["webhook-id"] ?? ""), at: performance.now(), valid });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    setSecret: (s) => (verifier = new Webhook(s)),
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** The id of the wizard's startCheck server action in the built app. */
export function startCheckActionId(): string {
  const file = path.join(root, ".next/server/server-reference-manifest.json");
  if (!fs.existsSync(file)) throw new Error("The drill runs against the built app: run `next build` first (scripts/test-all.sh runs the drill after it).");
  const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as { node: Record<string, { filename?: string; exportedName?: string }> };
  const hit = Object.entries(manifest.node).find(([, v]) => v.exportedName === "startCheck" && v.filename?.includes("connect/[token]/actions"));
  if (!hit) throw new Error("The built app has no startCheck action: is .next from this checkout?");
  return hit[0];
}

export type HttpResult = { status: number; ms: number; body: string; headers: Headers } | { status: "error"; ms: number; error: string };

export async function request(url: string, init: RequestInit & { timeoutMs?: number } = {}): Promise<HttpResult> {
  const t0 = performance.now();
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(init.timeoutMs ?? 15_000) });
    const body = await res.text();
    return { status: res.status, ms: performance.now() - t0, body, headers: res.headers };
  } catch (e) {
    const err = e as Error;
    return { status: "error", ms: performance.now() - t0, error: `${err.name}: ${(err.cause as Error | undefined)?.message ?? err.message}` };
  }
}

export type SaveOutcome =
  | { kind: "saved"; connectionId: string }
  | { kind: "refused"; step: "session" | "action"; code: string; status: number | "error"; retryAfter?: string | null };

/**
 * One save: create a session with the API key, then run the wizard's check-and-save action with
 * People HR's all-permissions sandbox key. `address` is the client address the instance sees
 * (TRUST_PROXY=1), so that the per-address check limit does not throttle the drill.
 */
export async function saveOnce(base: string, apiKey: string, actionId: string, n: number, address: string): Promise<SaveOutcome> {
  const session = await createSession(base, apiKey, n, address);
  return "token" in session ? saveWithSession(base, actionId, session.token, address) : session;
}

/** Step 1 of a save: a connect session from the API. */
export async function createSession(base: string, apiKey: string, n: number, address: string): Promise<{ token: string } | Extract<SaveOutcome, { kind: "refused" }>> {
  const s = await request(`${base}/api/v1/connect/sessions`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json", "x-forwarded-for": address },
    body: JSON.stringify({ end_user: { id: `drill_${n}` }, providers: ["peoplehr"] }),
  });
  if (s.status !== 201 && s.status !== 200) {
    const code = s.status === "error" ? s.error : ((JSON.parse(s.body || "{}") as { error?: { code?: string } }).error?.code ?? `HTTP ${s.status}`);
    return { kind: "refused", step: "session", code, status: s.status, retryAfter: s.status === "error" ? null : s.headers.get("retry-after") };
  }
  return { token: (JSON.parse(s.body) as { token: string }).token };
}

/** Step 2: the wizard's check-and-save action with People HR's all-permissions sandbox key. */
export async function saveWithSession(base: string, actionId: string, token: string, address: string): Promise<SaveOutcome> {
  const a = await request(`${base}/connect/${token}`, {
    method: "POST",
    headers: { "next-action": actionId, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component", origin: base, "x-forwarded-for": address },
    body: JSON.stringify([token, "peoplehr", { apiKey: "PHRSANDBOX-ALL" }, "en"]),
    timeoutMs: 30_000,
  });
  if (a.status !== 200) return { kind: "refused", step: "action", code: a.status === "error" ? a.error : `HTTP ${a.status}`, status: a.status };
  // The answer is React's flight format: one row per line, the check's result in its own row.
  const result = a.body.split("\n").find((line) => line.includes('"saved":true'));
  const connectionId = result && /"connectionId":"(conn_[^"]+)"/.exec(result)?.[1];
  if (connectionId) return { kind: "saved", connectionId };
  const code = /"ok":false,"code":"([a-z_]+)"/.exec(a.body)?.[1] ?? /"outcome":"([a-z_]+)"/.exec(a.body)?.[1] ?? `unrecognised: ${a.body.slice(0, 200)}`;
  return { kind: "refused", step: "action", code, status: 200 };
}
