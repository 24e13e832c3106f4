// @latchkey/connect: opens the Latchkey wizard in a modal iframe on the vendor's page. No
// dependencies (it runs on the vendor's page). The files Latchkey serves as /connect.js and
// /connect.mjs are built from this one (packages/connect/build.mjs), so the script tag, the ES module
// and the npm package are one implementation.

/** Funnel steps the wizard reports (`picker`, `guide`, `credentials`, …). */
export type ConnectStep = string;

export type ConnectEvent =
  | { source: "latchkey"; version: 1; type: "ready" }
  | { source: "latchkey"; version: 1; type: "step"; step: ConnectStep; provider?: string }
  | { source: "latchkey"; version: 1; type: "success"; connectionId: string; provider: string; status?: string }
  | { source: "latchkey"; version: 1; type: "error"; code: string; message: string }
  | { source: "latchkey"; version: 1; type: "close"; reason?: "user" | "done" };

export type ConnectSuccess = { connectionId: string; provider: string; status?: string };
export type ConnectError = { code: string; message: string };
/** Why the modal closed: the admin closed it, the wizard finished, or the vendor called close(). */
export type CloseReason = "user" | "done" | "api";
export type ConnectClose = { reason: CloseReason; connected: ConnectSuccess | null };

export type ConnectOptions = {
  /** The connect session's token, created by the vendor's backend (POST /api/v1/connect/sessions). */
  token: string;
  /** Latchkey's origin, e.g. "https://connect.vendor.example". Derived from the script's own address
   *  when loaded as /connect.js or /connect.mjs; required when installed from npm. */
  origin?: string;
  /** "en" | "de" | …: the wizard's language when the session has none of its own. */
  language?: string;
  onEvent?: (event: ConnectEvent) => void;
  onSuccess?: (connection: ConnectSuccess) => void;
  onError?: (error: ConnectError) => void;
  onClose?: (close: ConnectClose) => void;
};

export type ConnectHandle = {
  /** Shows the modal (the wizard has been loading since prepareConnect). */
  open: () => ConnectHandle;
  /** Closes and removes the modal; onClose is called with reason "api". */
  close: () => void;
  /** Removes the modal without calling onClose (e.g. when a React component unmounts). */
  destroy: () => void;
  /** True once the wizard has loaded and said so. */
  readonly ready: boolean;
};

const TYPES: Record<string, 1> = { ready: 1, step: 1, success: 1, error: 1, close: 1 };
const str = (v: unknown, max: number): v is string => typeof v === "string" && v.length > 0 && v.length <= max;

/** The postMessage contract (mirrors lib/connect/messages.ts's zod schema; a test keeps them in step). */
export function isConnectEvent(m: unknown): m is ConnectEvent {
  const e = m as Record<string, unknown> | null;
  if (!e || typeof e !== "object" || e.source !== "latchkey" || e.version !== 1 || typeof e.type !== "string" || !TYPES[e.type]) return false;
  switch (e.type) {
    case "step":
      return typeof e.step === "string" && /^[a-z][a-z0-9_]{0,39}$/.test(e.step) && (e.provider === undefined || str(e.provider, 32));
    case "success":
      return str(e.connectionId, 100) && str(e.provider, 32) && (e.status === undefined || str(e.status, 32));
    case "error":
      return str(e.code, 64) && str(e.message, 500);
    case "close":
      return e.reason === undefined || e.reason === "user" || e.reason === "done";
  }
  return true;
}

const query = (...parts: string[]) => {
  const q = parts.filter(Boolean).join("&");
  return q ? `?${q}` : "";
};

function el<K extends keyof HTMLElementTagNameMap>(tag: K, css: string, attrs: Record<string, string> = {}): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.style.cssText = css;
  for (const k in attrs) e.setAttribute(k, attrs[k]!);
  return e;
}

function call<T>(fn: ((arg: T) => void) | undefined, arg: T): void {
  // A vendor callback that throws must not break the modal.
  try {
    fn?.(arg);
  } catch (e) {
    setTimeout(() => {
      throw e;
    });
  }
}

let current: ConnectHandle | null = null;

/** Loads the wizard in a hidden modal at once, so that open() shows it without waiting. Preparing
 *  counts as nothing in the session's funnel: the wizard is opened when open() shows it. */
export function prepareConnect(opts: ConnectOptions, defaultOrigin?: string): ConnectHandle {
  return modal(opts, defaultOrigin, true);
}

function modal(opts: ConnectOptions, defaultOrigin: string | undefined, prepared: boolean): ConnectHandle {
  if (!/^[A-Za-z0-9_-]{20,200}$/.test(opts.token || "")) throw new Error("Latchkey: pass the session token your backend created");
  const base = opts.origin || defaultOrigin;
  if (!base) throw new Error("Latchkey: pass `origin`, the address Latchkey is served from");
  const origin = new URL(base, location.href).origin;
  const lang = opts.language && /^[a-z]{2}$/.test(opts.language) ? opts.language : "";
  const de = (lang || document.documentElement.lang || navigator.language || "").slice(0, 2) === "de";
  const title = de ? "HR-System verbinden" : "Connect your HR system";
  let connected: ConnectSuccess | null = null;
  let ready = false;
  let shown = false;
  let done = false;
  let prevFocus: Element | null = null;
  let prevOverflow = "";
  const inerted: HTMLElement[] = [];

  const overlay = el("div", "position:fixed;inset:0;z-index:2147483647;background:rgba(15,23,42,.55);display:flex;align-items:center;justify-content:center;padding:16px;box-sizing:border-box;visibility:hidden", { "data-latchkey-modal": "" });
  const dialog = el("div", "position:relative;width:min(520px,100%);height:min(720px,100%);background:#fff;border-radius:12px;box-shadow:0 20px 50px rgba(0,0,0,.3);overflow:hidden", { role: "dialog", "aria-modal": "true", "aria-label": title });
  const iframe = el("iframe", "border:0;width:100%;height:100%;display:block", {
    // prepared=1: the wizard waits for `shown` before it counts as opened (lib/connect/messages.ts).
    src: `${origin}/connect/${encodeURIComponent(opts.token)}${query(lang ? `lang=${lang}` : "", prepared ? "prepared=1" : "")}`,
    title,
    allow: "clipboard-write",
  });
  const btn = el("button", "position:absolute;top:8px;right:8px;width:36px;height:36px;border:0;border-radius:18px;background:rgba(255,255,255,.9);color:#111;font:22px/36px sans-serif;cursor:pointer;padding:0", { type: "button", "aria-label": de ? "Schließen" : "Close" });
  btn.textContent = "\u00d7";
  // Sentinels bring Tab back round: focus never leaves the dialog for the page behind it.
  const first = el("span", "position:absolute", { tabindex: "0" });
  const last = el("span", "position:absolute", { tabindex: "0" });
  first.onfocus = () => iframe.focus();
  last.onfocus = () => btn.focus();
  dialog.append(first, btn, iframe, last);
  overlay.append(dialog);

  function onMessage(e: MessageEvent): void {
    // Only the wizard we opened: its origin and its very window.
    if (e.origin !== origin || e.source !== iframe.contentWindow || !isConnectEvent(e.data)) return;
    const m = e.data;
    if (m.type === "ready") {
      ready = true;
      tellShown();
    }
    call(opts.onEvent, m);
    if (m.type === "success") {
      connected = { connectionId: m.connectionId, provider: m.provider, status: m.status };
      call(opts.onSuccess, connected);
    } else if (m.type === "error") call(opts.onError, { code: m.code, message: m.message });
    else if (m.type === "close") close(m.reason || "user");
  }
  function onKey(e: KeyboardEvent): void {
    if (shown && e.key === "Escape") {
      e.preventDefault();
      close("user");
    }
  }
  /** A prepared wizard learns that it is shown once both are true: shown here, and ready there. */
  function tellShown(): void {
    if (prepared && shown && ready) iframe.contentWindow?.postMessage({ source: "latchkey", version: 1, type: "shown" }, origin);
  }
  function close(reason: CloseReason, silent = false): void {
    if (done) return;
    done = true;
    if (current === handle) current = null;
    removeEventListener("message", onMessage);
    document.removeEventListener("keydown", onKey, true);
    overlay.remove();
    for (const e of inerted) e.inert = false;
    if (shown) {
      document.body.style.overflow = prevOverflow;
      (prevFocus as HTMLElement | null)?.focus?.();
    }
    if (!silent) call(opts.onClose, { reason, connected });
  }
  function open(): ConnectHandle {
    if (done || shown) return handle;
    if (current && current !== handle) return current;
    if (document.querySelector('[data-latchkey-modal="open"]')) return handle;
    shown = true;
    current = handle;
    prevFocus = document.activeElement;
    prevOverflow = document.body.style.overflow;
    // Everything else on the page becomes inert: not focusable, not read by screen readers.
    for (const c of Array.from(document.body.children) as HTMLElement[]) {
      if (c !== overlay && !c.inert && c.tagName !== "SCRIPT") {
        c.inert = true;
        inerted.push(c);
      }
    }
    document.body.style.overflow = "hidden";
    // Hidden with visibility (not display) until now, so that the iframe loads meanwhile.
    overlay.style.visibility = "visible";
    overlay.setAttribute("data-latchkey-modal", "open");
    iframe.focus();
    tellShown();
    return handle;
  }
  const handle: ConnectHandle = {
    open,
    close: () => close("api"),
    destroy: () => close("api", true),
    get ready() {
      return ready;
    },
  };
  btn.onclick = () => close("user");
  addEventListener("message", onMessage);
  document.addEventListener("keydown", onKey, true);
  document.body.append(overlay);
  return handle;
}

/** Opens the wizard at once (prepareConnect + open). While a modal is open (from any copy of this
 *  code on the page), opens no second one and returns the open one's handle, or null. */
export function openConnect(opts: ConnectOptions, defaultOrigin?: string): ConnectHandle | null {
  if (current || document.querySelector('[data-latchkey-modal="open"]')) return current;
  return modal(opts, defaultOrigin, false).open();
}

/** Closes the open modal, if any. */
export function closeConnect(): void {
  current?.close();
}
