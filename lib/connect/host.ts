// The wizard's side of the postMessage contract (lib/connect/messages.ts defines it): messages to
// the host page (connect.js), only to the workspace's allowed origins, with an explicit target
// origin, never "*"; a no-op when not framed (a hosted link). Isomorphic and free of zod: the
// wizard's first screen imports it, and only the types come from messages.ts (its zod schema
// would add to the first screen's JS). host.test.ts checks every message built here against it.
import type { ConnectMessage, HostMessage } from "@/lib/connect/messages";

const envelope = { source: "latchkey", version: 1 } as const;

/** Normalise an origin (`scheme://host[:port]`); null if it is not an http(s) one. */
export function originOf(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const u = new URL(value);
    return u.protocol === "https:" || u.protocol === "http:" ? u.origin : null;
  } catch {
    return null;
  }
}

/** The parent's origin if it is allowed; else every allowed origin (postMessage delivers only to a matching window). */
export function targetOrigins(allowed: readonly string[], parentHint: string | null | undefined): string[] {
  const list = [...new Set(allowed.map(originOf).filter((o): o is string => !!o))];
  const hint = originOf(parentHint);
  return hint && list.includes(hint) ? [hint] : list;
}

function parentHint(): string | null {
  const ancestors = (window.location as Location & { ancestorOrigins?: DOMStringList }).ancestorOrigins;
  return ancestors && ancestors.length ? ancestors[0]! : document.referrer || null;
}

export function buildMessages() {
  return {
    ready: (): ConnectMessage => ({ ...envelope, type: "ready" }),
    step: (step: string, provider?: string): ConnectMessage => ({ ...envelope, type: "step", step, ...(provider ? { provider } : {}) }),
    success: (connectionId: string, provider: string, status?: string): ConnectMessage => ({
      ...envelope,
      type: "success",
      connectionId,
      provider,
      ...(status ? { status } : {}),
    }),
    error: (code: string, message: string): ConnectMessage => ({ ...envelope, type: "error", code, message: (message || code).slice(0, 500) }),
    close: (reason: "user" | "done"): ConnectMessage => ({ ...envelope, type: "close", reason }),
  };
}

const build = buildMessages();

export function hostMessenger(allowedOrigins: readonly string[]) {
  const post = (m: ConnectMessage) => {
    if (typeof window === "undefined" || window.parent === window) return;
    for (const origin of targetOrigins(allowedOrigins, parentHint())) window.parent.postMessage(m, origin);
  };
  return {
    /** Called once hydrated: from now on the page's buttons work (a click before is lost). The
     * document is marked too, for a hosted link that has no host to tell (and for tests). */
    ready: () => {
      if (typeof document !== "undefined") document.documentElement.dataset.lkReady = "true";
      post(build.ready());
    },
    step: (step: string, provider?: string) => post(build.step(step, provider)),
    success: (connectionId: string, provider: string, status?: string) => post(build.success(connectionId, provider, status)),
    error: (code: string, message: string) => post(build.error(code, message)),
    close: (reason: "user" | "done") => post(build.close(reason)),
  };
}

/** The host's `shown` (lib/connect/messages.ts, shownMessageSchema), checked without zod. */
export function isShownMessage(m: unknown): m is HostMessage {
  const e = m as Record<string, unknown> | null;
  return !!e && typeof e === "object" && !Array.isArray(e) && Object.keys(e).length === 3 && e.source === "latchkey" && e.version === 1 && e.type === "shown";
}

/**
 * Calls `onShown` once the wizard is visible to the admin: at once when it was not prepared hidden
 * (`prepared` false) or is not framed (a hosted link), else when the host page that prepared it
 * says `shown`: from the parent window only, from one of the workspace's origins. Returns the
 * listener's removal.
 */
export function whenShown(prepared: boolean, allowedOrigins: readonly string[], onShown: () => void): () => void {
  if (typeof window === "undefined") return () => {};
  if (!prepared || window.parent === window) {
    onShown();
    return () => {};
  }
  const allowed = new Set(allowedOrigins.map(originOf).filter((o): o is string => !!o));
  let done = false;
  const listener = (e: MessageEvent) => {
    if (done || e.source !== window.parent || !allowed.has(e.origin) || !isShownMessage(e.data)) return;
    done = true;
    window.removeEventListener("message", listener);
    onShown();
  };
  window.addEventListener("message", listener);
  return () => window.removeEventListener("message", listener);
}
