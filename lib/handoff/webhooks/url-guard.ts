// Where a webhook may go: http(s) only, and in production never to loopback, private, link-local
// or other special-purpose addresses (a vendor's endpoint URL must not become a way into our own
// network). Checked when the URL is saved and again, on the resolved address, at every delivery:
// the connection is made to exactly the address that passed the check (no DNS rebinding window).
import dns from "node:dns";
import net from "node:net";
import { AppError } from "@/lib/errors";

const blocked = new net.BlockList();
for (const [prefix, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  blocked.addSubnet(prefix, bits, "ipv4");
for (const [prefix, bits] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
  ["2001:db8::", 32],
  ["100::", 64],
] as const)
  blocked.addSubnet(prefix, bits, "ipv6");

/** An IPv4 address embedded in an IPv6 one (mapped, compatible or NAT64), if any. */
function embeddedIpv4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const m = /^(?:::ffff:|::|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (m) return m[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const a = parseInt(hex[1]!, 16);
    const b = parseInt(hex[2]!, 16);
    return `${a >> 8}.${a & 255}.${b >> 8}.${b & 255}`;
  }
  return undefined;
}

export function isPrivateAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return blocked.check(address, "ipv4");
  if (family === 6) {
    const v4 = embeddedIpv4(address);
    if (v4) return blocked.check(v4, "ipv4");
    return blocked.check(address, "ipv6");
  }
  return true;
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
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (!allowPrivate && (localNames.test(host) || (net.isIP(host) && isPrivateAddress(host))))
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
