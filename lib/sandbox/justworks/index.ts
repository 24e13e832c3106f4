// A product-level mock of the Justworks service-user route (docs/providers/justworks.md). There is no
// public API behind that route to imitate: the vendor's service account logs into Justworks as the
// invited user. So this models what that login would find: was the invitation accepted, which of
// the six admin permissions the user holds, and so which reports it can download.
//
// The sandbox plays the customer's Justworks: `set(email, …)` is what the customer's admin does
// (invite, tick permissions), `verify(email)` is what the vendor's service account observes. Served
// under /sandbox/justworks as a tiny JSON API for the demo:
//   GET    /service-users/<email>   → the verification
//   PUT    /service-users/<email>   ← { "accepted": boolean, "permissions": [ids or Justworks labels] }
//   DELETE /service-users/<email>   (the customer removed the user)
// The OAuth server and Partner API simulator (oauth.ts) answer their own paths first.
// An address the sandbox has not been told about behaves as `defaultUser` (by default: invited,
// accepted, all six permissions), so the demo's happy path needs no set-up.
import {
  justworksPermissionIds,
  parseJustworksPermission,
  type JustworksPermissionId,
} from "@/lib/providers/justworks/permissions";
import type { JustworksEvent, JustworksStateName } from "@/lib/providers/justworks/state";
import { createJustworksOAuthSimulator, type JustworksOAuthSimulator } from "@/lib/sandbox/justworks/oauth";
import type { SandboxHandler } from "@/lib/sandbox/types";

export type JustworksSandboxUser = { accepted: boolean; permissions: JustworksPermissionId[] };

export type JustworksVerification = {
  /** The customer invited this address (the login exists). */
  found: boolean;
  accepted: boolean;
  permissions: JustworksPermissionId[];
  reports: { employeeCensus: boolean; workHistory: boolean };
};

export type JustworksSimulatorOptions = {
  /** How an address nobody configured behaves; null: not invited. */
  defaultUser?: JustworksSandboxUser | null;
};

const EMAIL = /^[^\s@/]{1,64}@[a-z0-9.-]{1,253}$/i;

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" } });
}

export function createJustworksSimulator(options: JustworksSimulatorOptions = {}) {
  const oauth: JustworksOAuthSimulator = createJustworksOAuthSimulator();
  const users = new Map<string, JustworksSandboxUser | null>();
  const fallback = options.defaultUser === undefined ? { accepted: true, permissions: [...justworksPermissionIds] } : options.defaultUser;
  const key = (email: string) => email.trim().toLowerCase();

  function verify(email: string): JustworksVerification {
    const k = key(email);
    const user = users.has(k) ? users.get(k)! : fallback;
    if (!user) return { found: false, accepted: false, permissions: [], reports: { employeeCensus: false, workHistory: false } };
    const has = (p: JustworksPermissionId) => user.accepted && user.permissions.includes(p);
    return {
      found: true,
      accepted: user.accepted,
      permissions: user.accepted ? justworksPermissionIds.filter((p) => user.permissions.includes(p)) : [],
      reports: {
        employeeCensus: has("manage_employees") && has("view_invoices_and_reporting"),
        workHistory: has("manage_employees"),
      },
    };
  }

  function set(email: string, user: JustworksSandboxUser | null): void {
    users.set(key(email), user ? { accepted: user.accepted, permissions: justworksPermissionIds.filter((p) => user.permissions.includes(p)) } : null);
  }

  async function handler(req: Request): Promise<Response> {
    const answered = await oauth.handler(req);
    if (answered) return answered;
    const segments = new URL(req.url).pathname.split("/").filter(Boolean).map(decodeURIComponent);
    const at = segments.lastIndexOf("service-users");
    const email = at >= 0 ? segments[at + 1] : undefined;
    if (!email || at !== segments.length - 2 || !EMAIL.test(email)) return json({ error: "not_found" }, 404);
    if (req.method === "GET") return json({ email: key(email), ...verify(email) });
    if (req.method === "DELETE") {
      set(email, null);
      return new Response(null, { status: 204 });
    }
    if (req.method === "PUT") {
      let body: unknown;
      try {
        body = await req.json();
      } catch {
        return json({ error: "invalid_json" }, 400);
      }
      const b = body as { accepted?: unknown; permissions?: unknown };
      if (typeof b !== "object" || b === null || typeof b.accepted !== "boolean" || !Array.isArray(b.permissions)) {
        return json({ error: "invalid_body", expected: { accepted: "boolean", permissions: justworksPermissionIds } }, 400);
      }
      const permissions: JustworksPermissionId[] = [];
      for (const p of b.permissions) {
        const id = typeof p === "string" ? parseJustworksPermission(p) : undefined;
        if (!id) return json({ error: "unknown_permission", expected: justworksPermissionIds }, 400);
        permissions.push(id);
      }
      set(email, { accepted: b.accepted, permissions });
      return json({ email: key(email), ...verify(email) });
    }
    return new Response(null, { status: 405, headers: { allow: "GET, PUT, DELETE" } });
  }

  return { verify, set, clear: () => users.clear(), handler, oauth };
}

export type JustworksSimulator = ReturnType<typeof createJustworksSimulator>;

/**
 * The state-machine events a verification implies from the current state: an accepted invitation
 * moves `awaiting_invitation` on, and once accepted, the permissions found decide verified or
 * permissions_missing. Not invited or not accepted: nothing changes yet.
 */
export function eventsFromVerification(current: JustworksStateName, v: JustworksVerification): JustworksEvent[] {
  if (!v.found || !v.accepted) return [];
  const verification: JustworksEvent = { type: "verification", granted: v.permissions };
  return current === "awaiting_invitation" ? [{ type: "invitation_accepted" }, verification] : [verification];
}

const SHARED = Symbol.for("latchkey.sandbox.justworks");

/**
 * The app's one instance (demo mode): the route under /sandbox/justworks and the demo's
 * verification share it, even when the bundler loads this module more than once.
 */
export function getJustworksSandbox(): JustworksSimulator {
  const g = globalThis as unknown as Record<symbol, JustworksSimulator | undefined>;
  return (g[SHARED] ??= createJustworksSimulator());
}

/** For the sandbox registry: the shared instance's HTTP handler. */
export function createJustworksSandbox(): SandboxHandler {
  return (req) => getJustworksSandbox().handler(req);
}
