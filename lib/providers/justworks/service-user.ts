// The Justworks service user's identity: the first name and e-mail address the customer's admin
// types into Justworks when inviting it (docs/providers/justworks.md).
//
// - First name: the workspace's Justworks setting `firstName` (settings.ts; default "Latchkey").
// - E-mail: `latchkey+<10 characters>@<domain>`. The vendor keeps one mailbox, `latchkey@<domain>`,
//   that accepts plus-addressing (most mail services do) and receives every invitation; the tag
//   tells the connections apart. The tag is derived from a seed that exists before the wizard shows
//   the address: the connect session's id for a new connection (a session saves at most one
//   connection, and session ids are random), the connection's id for a reconnect without a stored
//   address. A connection that already has an address keeps it.
// - Domain: the workspace's Justworks setting `emailDomain`; if it has none, `JUSTWORKS_SERVICE_EMAIL_DOMAIN`
//   from the server configuration; in demo mode without either, `latchkey.test` (a reserved name
//   that never receives mail, fine for the sandbox). Outside demo mode with neither, Justworks cannot
//   be offered: `JustworksSetupError` says so rather than hand out an address nobody reads.
// No "server-only" marker: the CLI loads this through lib/providers/flows.ts, outside Next. No
// client component imports it (node:crypto would not bundle anyway).
import { createHash } from "node:crypto";
import { AppError } from "@/lib/errors";
import { getEnv, type Env } from "@/lib/env";
import { DEFAULT_FIRST_NAME, normaliseDomain, type JustworksSettings } from "@/lib/providers/justworks/settings";
import { providerText } from "@/lib/providers/text";
import type { Localized } from "@/lib/providers/types";

export { DEFAULT_FIRST_NAME, normaliseDomain };
export const SERVICE_MAILBOX = "latchkey";
export const DEMO_SERVICE_DOMAIN = "latchkey.test";

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

export type ServiceUser = { firstName: string; email: string };

export class JustworksSetupError extends AppError {
  readonly localized: Localized;
  constructor(localized: Localized) {
    super("unavailable", localized.en);
    this.name = "JustworksSetupError";
    this.localized = localized;
  }
}

export function serviceDomain(settings: JustworksSettings, env: Pick<Env, "demo" | "JUSTWORKS_SERVICE_EMAIL_DOMAIN"> = getEnv()): string {
  if (settings.emailDomain?.trim()) {
    const d = normaliseDomain(settings.emailDomain);
    if (d) return d;
    throw new JustworksSetupError(providerText("justworks", "setup.invalidDomain"));
  }
  const configured = normaliseDomain(env.JUSTWORKS_SERVICE_EMAIL_DOMAIN);
  if (configured) return configured;
  if (env.demo) return DEMO_SERVICE_DOMAIN;
  throw new JustworksSetupError(providerText("justworks", "setup.noDomain"));
}

/** 10 base32 characters (50 bits) from the seed: stable for the seed, distinct across seeds. */
export function serviceTag(seed: string): string {
  const digest = createHash("sha256").update(`justworks-service-user:${seed}`).digest();
  let out = "";
  for (let i = 0; i < 10; i++) out += ALPHABET[digest[i]! & 31];
  return out;
}

export function serviceUserEmail(seed: string, domain: string): string {
  return `${SERVICE_MAILBOX}+${serviceTag(seed)}@${domain}`;
}

export function serviceFirstName(settings: JustworksSettings): string {
  const name = settings.firstName?.replace(/\s+/g, " ").trim().slice(0, 40);
  return name || DEFAULT_FIRST_NAME;
}

/**
 * The identity to show (and later store) for one connection. `existing` is the connection's stored
 * service user on a reconnect: it is kept, so the customer does not have to invite anyone again.
 */
export function justworksServiceUser(input: {
  settings: JustworksSettings;
  seed: string;
  existing?: ServiceUser | null;
  env?: Pick<Env, "demo" | "JUSTWORKS_SERVICE_EMAIL_DOMAIN">;
}): ServiceUser {
  if (input.existing?.email && input.existing.firstName) return { firstName: input.existing.firstName, email: input.existing.email };
  if (!input.seed) throw new Error("a seed is required");
  return { firstName: serviceFirstName(input.settings), email: serviceUserEmail(input.seed, serviceDomain(input.settings, input.env)) };
}
