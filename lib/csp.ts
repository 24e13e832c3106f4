// The Content-Security-Policy every response gets (proxy.ts): the framing directive of
// lib/connect/framing.ts plus a script policy with a fresh nonce per request. Next.js reads the
// nonce from the request's own Content-Security-Policy header (which proxy.ts sets) and puts it
// on every script it renders; 'strict-dynamic' then lets those scripts load the page's chunks, so
// no host list is needed and an injected <script> without the nonce never runs. A leaf: imports
// nothing from the app.
import { randomBytes } from "node:crypto";

/** 128 random bits, base64 (Next.js accepts [A-Za-z0-9+/_-]). */
export function newNonce(): string {
  return randomBytes(16).toString("base64");
}

/**
 * `dev`: React's development build evaluates code with eval() (call stacks, fast refresh), so
 * `npm run dev` adds 'unsafe-eval'. Never in a production build.
 */
export function scriptPolicy(nonce: string, options: { dev?: boolean } = {}): string {
  const script = ["script-src", `'nonce-${nonce}'`, "'strict-dynamic'", ...(options.dev ? ["'unsafe-eval'"] : [])].join(" ");
  // object-src: no plugins; base-uri: an injected <base> cannot redirect the page's relative chunk URLs.
  return `${script}; object-src 'none'; base-uri 'none'`;
}

/** The whole header: the framing directive first (as before), then the script policy. */
export function contentSecurityPolicy(framing: string, nonce: string, options: { dev?: boolean } = {}): string {
  return `${framing}; ${scriptPolicy(nonce, options)}`;
}

/** Directive name → sources, for tests and checks. */
export function parseCsp(header: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of header.split(";")) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name && !out.has(name.toLowerCase())) out.set(name.toLowerCase(), sources);
  }
  return out;
}
