// Where a webhook may go: http(s) only, and in production never to loopback, private, link-local
// or other special-purpose addresses (a vendor's endpoint URL must not become a way into our own
// network). Checked when the URL is saved and again, on the resolved address, at every delivery:
// the connection is made to exactly the address that passed the check (no DNS rebinding window).
import dns from "node:dns";
import net from "node:net";
import ipaddr from "ipaddr.js";
import { AppError } from "@/lib/errors";

/**
 * Ranges ipaddr.js calls "unicast" that are still not somewhere a webhook may go. IPv6 must also lie
 * in 2000::/3 (global unicast), which already excludes ::/96 (IPv4-compatible: `[::127.0.0.1]`
 * becomes ::7f00:1) and every other unassigned block.
 */
const extraV4: [string, number][] = [["192.0.0.0", 24], ["192.88.99.0", 24], ["198.51.100.0", 24], ["203.0.113.0", 24]];
const extraV6: [string, number][] = [
  ["64:ff9b:1::", 48], // local-use NAT64 (RFC 8215)
  ["2001::", 23], // IETF protocol assignments: Teredo, ORCHID, benchmarking…
  ["2002::", 16], // 6to4: an IPv4 address inside
  ["3fff::", 20], // documentation (RFC 9637)
];
const extraRanges = [...extraV4, ...extraV6].map(([a, bits]) => [ipaddr.parse(a), bits] as const);

/**
 * True for every address a webhook must not reach: anything that is not global unicast. IPv4-mapped,
 * IPv4-compatible, NAT64, 6to4 and Teredo forms are refused whole (what they embed is not what a
 * reviewer of the URL sees); unparsable input counts as private.
 */
export function isPrivateAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return true;
  const a = ipaddr.parse(address);
  if (a.range() !== "unicast") return true;
  if (a.kind() === "ipv6" && !a.match(ipaddr.parse("2000::"), 3)) return true;
  return extraRanges.some(([range, bits]) => range.kind() === a.kind() && a.match(range as never, bits));
}

/** The host as a name or address to judge: brackets removed, trailing dots dropped (`localhost.`). */
export function normaliseHost(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, "").replace(/\.+$/, "").toLowerCase();
}

/** Whether a URL's host may be sent webhooks: not a local name, not a non-global address literal. */
export function isBlockedHost(hostname: string): boolean {
  const host = normaliseHost(hostname);
  if (!host || localNames.test(host)) return true;
  return net.isIP(host) !== 0 && isPrivateAddress(host);
}

const localNames = /(^|\.)(localhost|localdomain|local|internal|home\.arpa)$/i;

/** Validate a webhook URL as typed by a vendor. Returns the normalised URL. */
export function validateWebhookUrl(raw: string, allowPrivate: boolean): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new AppError("invalid_input", "The webhook URL is not a valid absolute URL.", { fieldErrors: { url: ["Enter an absolute http(s) URL."] } });
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new AppError("invalid_input", "A webhook URL must start with https:// (or http://).", { fieldErrors: { url: ["Use https:// or http://."] } });
  if (url.username || url.password)
    throw new AppError("invalid_input", "A webhook URL must not contain a user name or password.", { fieldErrors: { url: ["Remove the user:password@ part."] } });
  if (raw.length > 2000) throw new AppError("invalid_input", "The webhook URL is too long.", { fieldErrors: { url: ["At most 2000 characters."] } });
  if (!allowPrivate && isBlockedHost(url.hostname))
    throw new AppError("invalid_input", "Webhooks cannot be sent to loopback or private network addresses.", {
      fieldErrors: { url: ["Use a public address that our servers can reach."] },
    });
  url.hash = "";
  return url.toString();
}

export class BlockedAddressError extends Error {
  constructor() {
    super("the endpoint's host resolves to a loopback or private address");
    this.name = "BlockedAddressError";
  }
}

/** A `lookup` for http.request that refuses private addresses unless allowed. */
export function guardedLookup(allowPrivate: boolean): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, "", 0);
      const list = addresses as dns.LookupAddress[];
      if (!list.length) return callback(new Error("no address"), "", 0);
      if (!allowPrivate && list.some((a) => isPrivateAddress(a.address))) return callback(new BlockedAddressError(), "", 0);
      if ((options as dns.LookupOptions).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
}
