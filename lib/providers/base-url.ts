// Which provider base URLs production accepts (case 32). Not server-only: the start-up check
// (lib/boot.ts) runs in the launcher and the commands, outside Next.js.
import { getEnv, type Env } from "@/lib/env";
import { getProvider, listProviders } from "@/lib/providers/index";
import type { ProviderId } from "@/lib/providers/types";

/**
 * What is wrong with a configured base URL in production (null: nothing): it must be https, on the
 * default port, with the provider's documented base path (its production URL's path; the host
 * may differ, e.g. a provider's own demo host). Development, tests, demo mode and
 * LATCHKEY_ALLOW_CUSTOM_PROVIDER_URLS=true allow any http(s) URL (simulators, sandboxes).
 */
export function providerUrlProblem(id: ProviderId, configured: string, env: Env = getEnv()): string | null {
  if (!env.production || env.demo || env.LATCHKEY_ALLOW_CUSTOM_PROVIDER_URLS) return null;
  const definition = getProvider(id);
  if (!definition) return `unknown provider ${id}`;
  const name = definition.baseUrl.variable;
  let url: URL;
  try {
    url = new URL(configured);
  } catch {
    return `${name}: must be an absolute URL`;
  }
  const documented = new URL(definition.baseUrl.production);
  const path = (p: string) => p.replace(/\/+$/, "") || "/";
  if (url.protocol !== "https:") return `${name}: must be an https:// URL in production (LATCHKEY_ALLOW_CUSTOM_PROVIDER_URLS=true allows others for a sandbox)`;
  if (url.port !== "") return `${name}: must use the default port 443 in production (LATCHKEY_ALLOW_CUSTOM_PROVIDER_URLS=true allows others for a sandbox)`;
  if (url.username || url.password || url.search || url.hash) return `${name}: must not carry a user, password, query or fragment`;
  if (path(url.pathname) !== path(documented.pathname))
    return `${name}: must use the documented base path ${path(documented.pathname)} in production (LATCHKEY_ALLOW_CUSTOM_PROVIDER_URLS=true allows others for a sandbox)`;
  return null;
}

/** Every configured base URL that production refuses, for the start-up check (lib/boot.ts). */
export function providerUrlProblems(env: Env = getEnv()): string[] {
  return listProviders().flatMap((p) => {
    const configured = env[p.baseUrl.variable];
    const problem = configured ? providerUrlProblem(p.id, configured, env) : null;
    return problem ? [problem] : [];
  });
}
