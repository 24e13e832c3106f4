// A company's own web address inside a provider (Personio today: `acme.app.personio.com`), typed
// the way the admin sees it in the browser. The one owner of reading such an address: the field's
// schema (server and form), the wizard's guide (deep links as the admin types) and the check's
// fix-it links all normalise through here. Isomorphic and dependency-free: it runs in the browser.

/** What a provider declares: the web domains its companies live on, the current one first. */
export type WebAddressSpec = {
  /** Known domains, e.g. ["app.personio.com", "personio.de"]; the first is where a bare name goes. */
  domains: readonly string[];
};

/** One DNS label: letters, digits and inner hyphens, at most 63 characters. Nothing else reaches a URL. */
export const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * The company's host on one of the provider's domains, or undefined when the input is not one:
 * `acme`, `acme.personio.de`, `https://acme.app.personio.com/` (and a path after it, as copied from
 * the address bar) are read; anything with a port, credentials, another domain or more than one
 * label before the domain is refused.
 */
export function normaliseWebAddress(input: string | undefined, spec: WebAddressSpec): string | undefined {
  let s = (input ?? "").trim().toLowerCase();
  if (!s || s.length > 300) return undefined;
  s = s.replace(/^https?:\/\//, "");
  // Whatever follows the host in a copied address: a path, a query or a fragment.
  s = s.replace(/[/?#].*$/, "").replace(/\.$/, "");
  if (!s || /[^a-z0-9.-]/.test(s)) return undefined;
  for (const domain of spec.domains) {
    if (s.endsWith(`.${domain}`)) {
      const label = s.slice(0, -(domain.length + 1));
      return DNS_LABEL.test(label) ? `${label}.${domain}` : undefined;
    }
  }
  const first = spec.domains[0];
  return first && DNS_LABEL.test(s) ? `${s}.${first}` : undefined;
}

/** A host name made of DNS labels and nothing else (no scheme, port, path or credentials). */
export function isHost(s: string): boolean {
  return s.length <= 253 && s.split(".").every((label) => DNS_LABEL.test(label));
}

/** Stands for the company's host in the link templates the wizard receives (itself a valid host). */
export const ADDRESS_PLACEHOLDER = "lkaddresslk.invalid";

/** Fill a link template with the host of what the admin typed, when it is one of the provider's addresses. */
export function fillAddressLink(template: string | undefined, typed: string | undefined, spec: WebAddressSpec | undefined): string | undefined {
  if (!template || !spec) return undefined;
  const host = normaliseWebAddress(typed, spec);
  return host ? template.split(ADDRESS_PLACEHOLDER).join(host) : undefined;
}
