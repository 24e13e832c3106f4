// Who is on the other end of a request. Next.js hands route handlers and server actions a Request
// without its socket, so the launcher (scripts/serve.ts), which has the socket, decides once per
// request and writes the answer into internal headers after deleting any copy a client sent
// (`trustedRequestHeaders`); everything else reads those headers (`clientAddress`, `clientHost`).
// X-Forwarded-For/-Host/-Proto count only when the peer is a proxy named by TRUST_PROXY;
// otherwise they are removed, so neither our code nor Next.js (its server-action origin check
// compares Origin with X-Forwarded-Host) nor next-auth (trustHost) can be fooled by them.
import ipaddr from "ipaddr.js";

/** Set by the launcher only: the client's address as decided by TRUST_PROXY. */
export const CLIENT_ADDRESS_HEADER = "x-latchkey-client-ip";
/** Set by the launcher only: the local port the request arrived on (the app's or the demo page's). */
export const LISTENER_PORT_HEADER = "x-latchkey-listener-port";

const FORWARDED = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-real-ip", "forwarded"] as const;
const INTERNAL = [CLIENT_ADDRESS_HEADER, LISTENER_PORT_HEADER] as const;

/** TRUST_PROXY parsed: nobody (default), the last N hops, or the proxies' networks. */
export type TrustProxy = { kind: "none" } | { kind: "hops"; hops: number } | { kind: "cidrs"; ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][] };

/** Parses TRUST_PROXY; throws with a message that names the bad entry. */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const value = raw?.trim();
  if (!value || value === "0" || value === "false") return { kind: "none" };
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 10) throw new Error("a hop count must be between 0 and 10");
    return { kind: "hops", hops };
  }
  const ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  for (const entry of value.split(",").map((s) => s.trim()).filter(Boolean)) {
    try {
      ranges.push(entry.includes("/") ? ipaddr.parseCIDR(entry) : [ipaddr.parse(entry), ipaddr.parse(entry).kind() === "ipv4" ? 32 : 128]);
    } catch {
      throw new Error(`"${entry.slice(0, 60)}" is neither an address nor a CIDR range`);
    }
  }
  if (!ranges.length) throw new Error("must be a hop count or a comma-separated list of CIDR ranges");
  return { kind: "cidrs", ranges };
}

/** A bare address without zone or IPv4-mapped prefix (::ffff:10.0.0.1 → 10.0.0.1), or null. */
export function normaliseAddress(raw: string | undefined | null): string | null {
  if (!raw) return null;
  let s = raw.trim();
  if (s.startsWith("[")) s = s.slice(1, s.indexOf("]") > 0 ? s.indexOf("]") : undefined);
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(s)) s = s.slice(0, s.lastIndexOf(":"));
  s = s.replace(/%.*$/, "");
  if (!ipaddr.isValid(s)) return null;
  const a = ipaddr.parse(s);
  return a.kind() === "ipv6" && (a as ipaddr.IPv6).isIPv4MappedAddress() ? (a as ipaddr.IPv6).toIPv4Address().toString() : a.toString();
}

function trusted(address: string, trust: TrustProxy, hop: number): boolean {
  if (trust.kind === "none") return false;
  if (trust.kind === "hops") return hop < trust.hops;
  const a = ipaddr.parse(address);
  return trust.ranges.some(([range, bits]) => {
    if (a.kind() !== range.kind()) return false;
    return a.match(range as never, bits);
  });
}

/**
 * The client's address: the socket's, unless the socket is a trusted proxy, in which case the
 * X-Forwarded-For chain is walked from the right, skipping trusted proxies (a hop count trusts that
 * many hops). Entries a client wrote itself sit left of the first untrusted one and are never used.
 */
export function resolveClientAddress(socketAddress: string | undefined, forwardedFor: string | undefined, trust: TrustProxy): { address: string | null; viaProxy: boolean } {
  const socket = normaliseAddress(socketAddress);
  if (!socket) return { address: null, viaProxy: false };
  const chain = [socket, ...(forwardedFor ?? "").split(",").map((s) => s.trim()).filter(Boolean).reverse()];
  let i = 0;
  while (i < chain.length - 1 && trusted(chain[i]!, trust, i)) {
    const next = normaliseAddress(chain[i + 1]);
    if (!next) break;
    chain[i + 1] = next;
    i++;
  }
  return { address: chain[i]!, viaProxy: i > 0 || (trust.kind !== "none" && trusted(socket, trust, 0)) };
}

type HeaderBag = Record<string, string | string[] | undefined>;

/**
 * For the launcher: rewrites a Node request's headers in place. Internal headers a client sent are
 * dropped; forwarded headers are kept only when the peer is a trusted proxy (the first value of
 * X-Forwarded-Host/-Proto, the one the nearest proxy set, is what a proxy chain agrees on).
 */
export function trustedRequestHeaders(headers: HeaderBag, socket: { remoteAddress?: string; localPort?: number }, trust: TrustProxy): void {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join(",") : v);
  const { address, viaProxy } = resolveClientAddress(socket.remoteAddress, first(headers["x-forwarded-for"]), trust);
  for (const h of INTERNAL) delete headers[h];
  if (!viaProxy) for (const h of FORWARDED) delete headers[h];
  else {
    for (const h of ["x-forwarded-host", "x-forwarded-proto"] as const) {
      const v = first(headers[h]);
      if (v !== undefined) headers[h] = v.split(",")[0]!.trim();
    }
  }
  if (address) headers[CLIENT_ADDRESS_HEADER] = address;
  if (socket.localPort) headers[LISTENER_PORT_HEADER] = String(socket.localPort);
}

type HeaderReader = { get(name: string): string | null };

/** The client's address as the launcher decided it; null when the app runs without the launcher. */
export function clientAddress(headers: HeaderReader | null | undefined): string | null {
  return normaliseAddress(headers?.get(CLIENT_ADDRESS_HEADER));
}

/**
 * The host a browser addressed. X-Forwarded-Host counts only under TRUST_PROXY: the launcher
 * drops it from untrusted peers, and without the launcher (`next start`, tests) nothing vouches
 * for it, so with `trust` "none" it is ignored here too and the Host header decides.
 */
export function clientHost(headers: HeaderReader, trust: TrustProxy): string | null {
  const forwarded = trust.kind === "none" ? null : headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  return forwarded || headers.get("host");
}

/**
 * The CSRF check of the dashboard's route handlers (case 26): the Origin must name the host the
 * browser addressed (clientHost). `Origin: null` (sandboxed frames, some redirects) is refused. A
 * request without Origin passes only when it is no browser's cross-site request either: browsers
 * send Origin on every POST, and Sec-Fetch-Site with it; scripts (curl) send neither.
 */
export function isSameOriginRequest(headers: HeaderReader, trust: TrustProxy): boolean {
  const origin = headers.get("origin");
  if (origin === null) {
    const site = headers.get("sec-fetch-site");
    return site === null || site === "same-origin" || site === "none";
  }
  const host = clientHost(headers, trust);
  if (!host) return false;
  try {
    const url = new URL(origin);
    return (url.protocol === "https:" || url.protocol === "http:") && url.host === host.toLowerCase();
  } catch {
    return false;
  }
}

/** The local port the request arrived on, as the launcher recorded it. */
export function listenerPort(headers: HeaderReader): number | null {
  const v = headers.get(LISTENER_PORT_HEADER);
  return v && /^\d{1,5}$/.test(v) ? Number(v) : null;
}
