// Server side of the wizard: which session a token opens, in which language, and the providers
// it offers, turned into the plain data the client renders (types in components/connect/types.ts).
import "server-only";
import { ADDRESS_PLACEHOLDER, type ReconnectView, type WizardConfig, type WizardField, type WizardOAuthRoute, type WizardProvider } from "@/components/connect/types";
import { oauthRoute } from "@/lib/connections/oauth";
import { ConnectSessionError, resolveConnectSession, type ResolvedSession } from "@/lib/connect/session";
import type { DbOrTx } from "@/lib/db";
import { findLiveConnection } from "@/lib/connections/queries";
import { type ConnectSession, type Connection, type Workspace } from "@/lib/db/schema";
import { pickLanguage } from "@/lib/i18n";
import { getServiceUserFlow, oauthScopesFor, type ServiceUser, type ServiceUserFlow, type ServiceUserView } from "@/lib/providers/flows";
import { getProvider, listProviders } from "@/lib/providers";
import { scopeLabels } from "@/lib/providers/messages";
import { prefillFor, prerequisiteId } from "@/lib/providers/prefill";
import { providerText } from "@/lib/providers/text";
import type { Lang, ProviderDefinition, ProviderId, ProviderOptions, ScopeId, TextKey } from "@/lib/providers/types";

export type SessionState =
  | { kind: "ok"; session: ConnectSession; workspace: Workspace; lang: Lang }
  /** A used session whose connection can still be shown (a service user's state and e-mail). */
  | { kind: "state"; session: ConnectSession; workspace: Workspace; lang: Lang; connection: Connection }
  | { kind: "error"; code: "not_found" | "session_expired" | "session_used" | "session_revoked"; lang: Lang; workspace?: Workspace; session?: ConnectSession };

/**
 * Look the token up once, whatever its state: `now: epoch`, `allowUsed` and `allowRevoked` make
 * resolveConnectSession return used and expired sessions too, so that we can still show their
 * error in the session's language and brand, and post it to the host page.
 */
export async function loadSessionState(db: DbOrTx, token: string, acceptLanguage: string | null, hint?: Lang | null): Promise<SessionState> {
  let row: ResolvedSession;
  try {
    row = await resolveConnectSession(db, token, { allowUsed: true, allowRevoked: true, now: new Date(0) });
  } catch (e) {
    if (e instanceof ConnectSessionError) return { kind: "error", code: "not_found", lang: hint ?? pickLanguage({ acceptLanguage }) };
    throw e;
  }
  const { session, workspace } = row;
  const lang = pickLanguage({ session: session.language ?? hint, acceptLanguage, workspaceDefault: workspace.defaultLanguage });
  if (session.revokedAt) return { kind: "error", code: "session_revoked", lang, workspace, session };
  if (session.usedAt) {
    const connection = session.connectionId ? await getSessionConnection(db, session) : null;
    // A service user's saved state can be shown again; an OAuth connection of the same provider cannot (it has none).
    const flow = connection ? getServiceUserFlow(connection.provider) : undefined;
    if (connection && flow && flow.parseState(connection.providerState)) return { kind: "state", session, workspace, lang, connection };
    return { kind: "error", code: "session_used", lang, workspace, session };
  }
  if (session.expiresAt.getTime() <= Date.now()) return { kind: "error", code: "session_expired", lang, workspace, session };
  return { kind: "ok", session, workspace, lang };
}

/** What opening the wizard records in the session's funnel (lib/connect/session.ts, recordSessionEvent). */
export type OpeningEvent = { session: ConnectSession; event: { type: "opened" | "error"; step: "opened"; code?: string } };

/**
 * The one rule of what counts as opening the wizard, written when the admin first sees it: at once
 * for a wizard shown as it loads (the page, after its response), and for one prepared hidden by
 * connect.js only when the host page shows it (`reportShown`). A usable session records "opened";
 * one that cannot be used (expired, used, withdrawn, or a reconnect whose connection is gone)
 * records the error the admin is shown; a reopened service-user link's state view, nothing.
 * Opening never uses the session up nor changes its expiry.
 */
export function openingEvent(state: SessionState, opts: { connectionGone?: boolean } = {}): OpeningEvent | null {
  if (state.kind === "state") return null;
  if (state.kind === "error") return state.session ? { session: state.session, event: { type: "error", step: "opened", code: state.code } } : null;
  if (opts.connectionGone) return { session: state.session, event: { type: "error", step: "opened", code: "not_found" } };
  return { session: state.session, event: { type: "opened", step: "opened" } };
}

export async function getSessionConnection(db: DbOrTx, session: ConnectSession): Promise<Connection | null> {
  if (!session.connectionId) return null;
  return (await findLiveConnection(db, session.workspaceId, session.connectionId)) ?? null;
}

/** The providers this session offers, in the registry's order. */
export function sessionProviders(session: ConnectSession): ProviderDefinition[] {
  const all = listProviders();
  if (!session.providers?.length) return all;
  const allowed = new Set(session.providers);
  return all.filter((p) => allowed.has(p.id));
}

export function sessionProvider(session: ConnectSession, id: string): ProviderDefinition | null {
  if (session.providers?.length && !session.providers.includes(id)) return null;
  return getProvider(id as ProviderId) ?? null;
}

/** Required and optional scopes for this provider: the session's, else the provider's defaults; only scopes it has. */
export function scopesFor(session: ConnectSession, provider: ProviderDefinition): { required: ScopeId[]; optional: ScopeId[] } {
  const has = (s: string): s is ScopeId => s in provider.scopes;
  const required = (session.scopes?.length ? session.scopes : provider.defaultScopes.required).filter(has);
  const optional = (session.optionalScopes?.length ? session.optionalScopes : provider.defaultScopes.optional).filter((s) => has(s) && !required.includes(s as ScopeId)) as ScopeId[];
  return { required: [...new Set(required)], optional: [...new Set(optional)] };
}

/** A provider text in the wizard's language: the client gets plain strings, never the catalog. */
const textOf = (provider: ProviderDefinition, lang: Lang) => (key: TextKey) => providerText(provider.id, key)[lang];

function fieldsOf(provider: ProviderDefinition, lang: Lang): WizardField[] {
  const text = textOf(provider, lang);
  const shape = provider.fields.shape as Record<string, { safeParse: (v: unknown) => { success: boolean } }>;
  const meta = provider.fieldMeta as Record<string, ProviderDefinition["fieldMeta"][string]>;
  return Object.keys(shape).map((name) => {
    const m = meta[name];
    return {
      name,
      label: m ? text(m.label) : name,
      ...(m?.help ? { help: text(m.help) } : {}),
      ...(m?.placeholder ? { placeholder: m.placeholder } : {}),
      ...(m?.multiline ? { multiline: true } : {}),
      maxLength: m?.maxLength ?? 500,
      secret: (provider.secret as string[]).includes(name),
      optional: shape[name]!.safeParse(undefined).success,
    };
  });
}

export function toWizardProvider(provider: ProviderDefinition, session: ConnectSession, lang: Lang): WizardProvider {
  const { required, optional } = scopesFor(session, provider);
  const text = textOf(provider, lang);
  const prefill = prefillFor(provider, session.prefill);
  const scope = (id: ScopeId, isRequired: boolean) => {
    const d = provider.scopes[id]!;
    const fixLink = d.link?.({});
    const fixLinkTemplate = fixLink ? undefined : d.link?.({ address: ADDRESS_PLACEHOLDER });
    return {
      id,
      label: scopeLabels[id]?.[lang] ?? id,
      permission: text(d.permission),
      fix: text(d.fix),
      ...(d.note ? { note: text(d.note) } : {}),
      ...(fixLink ? { fixLink } : {}),
      ...(fixLinkTemplate ? { fixLinkTemplate } : {}),
      required: isRequired,
    };
  };
  return {
    id: provider.id,
    name: provider.name,
    logo: provider.logo,
    categories: provider.categories,
    flow: provider.flow,
    authKind: provider.authKind,
    asks: text(provider.asks),
    prerequisites: provider.prerequisites.filter((k) => !prefill.confirmed.includes(prerequisiteId(k))).map(text),
    checklistExtras: (provider.checklistExtras?.((session.providerOptions?.[provider.id] as ProviderOptions | undefined) ?? {}) ?? []).map((x) => ({
      title: text(x.title),
      items: x.items.map((i) => ("key" in i ? text(i.key) : i.literal)),
    })),
    guide: provider.guide.map((g) => {
      const link = g.link?.({});
      const linkTemplate = link ? undefined : g.link?.({ address: ADDRESS_PLACEHOLDER });
      return { title: text(g.title), body: text(g.body), ...(g.field ? { field: g.field } : {}), ...(link ? { link } : {}), ...(linkTemplate ? { linkTemplate } : {}) };
    }),
    fields: fieldsOf(provider, lang),
    ...(provider.webAddress ? { webAddress: { field: provider.webAddress.field, spec: { domains: [...provider.webAddress.spec.domains] } } } : {}),
    scopes: [...required.map((s) => scope(s, true)), ...optional.map((s) => scope(s, false))],
    ...(Object.keys(prefill.values).length || prefill.confirmed.length ? { prefill: { values: prefill.values, prerequisitesConfirmed: prefill.allConfirmed } } : {}),
  };
}

/**
 * The OAuth route of each offered provider whose OAuth flow the workspace has an app for
 * (lib/connections/oauth.ts): the provider's own words for the scopes it will ask, and whether the
 * consent runs in a popup (the wizard in an iframe) or a full-page redirect (a hosted link).
 */
export async function oauthRoutesFor(db: DbOrTx, session: ConnectSession, lang: Lang): Promise<Partial<Record<ProviderId, WizardOAuthRoute>>> {
  const out: Partial<Record<ProviderId, WizardOAuthRoute>> = {};
  for (const p of sessionProviders(session)) {
    const route = await oauthRoute(db, session.workspaceId, p.id);
    if (!route) continue;
    const { required, optional } = scopesFor(session, p);
    out[p.id] = {
      preferred: route.preferred,
      display: session.link === "hosted" ? "redirect" : "popup",
      scopes: oauthScopesFor(route.flow, [...required, ...optional]).map((s) => providerText(p.id, route.flow.scopeText(s))[lang]),
    };
  }
  return out;
}

export function wizardConfig(input: {
  token: string;
  session: ConnectSession;
  workspace: Workspace;
  lang: Lang;
  connection?: Connection | null;
  oauth?: Partial<Record<ProviderId, WizardOAuthRoute>>;
  /** Loaded hidden by prepareConnect: the wizard reports nothing until the host says `shown`. */
  prepared?: boolean;
}): WizardConfig {
  const { session, workspace, lang, token, connection } = input;
  let providers = sessionProviders(session);
  let serviceUser: ServiceUserView | undefined;
  for (const p of providers) {
    const flow = p.flow === "service_user" ? getServiceUserFlow(p.id) : undefined;
    if (!flow) continue;
    const viaOAuth = !!input.oauth?.[p.id];
    try {
      serviceUser ??= flow.view({ serviceUser: serviceUserFor(flow, session, workspace), lang, workspaceName: workspaceName(workspace) });
    } catch (e) {
      // The flow cannot be offered here (e.g. no service-user e-mail domain configured); the
      // provider stays when its OAuth route can be offered instead.
      if (!flow.setupErrorText(e)) throw e;
      if (!viaOAuth) providers = providers.filter((x) => x.id !== p.id);
    }
  }
  return {
    token,
    lang,
    mode: session.mode,
    prepared: !!input.prepared,
    workspace: {
      name: workspaceName(workspace),
      ...(workspace.branding.logoUrl ? { logoUrl: workspace.branding.logoUrl } : {}),
    },
    allowedOrigins: workspace.allowedOrigins,
    providers: providers.map((p) => ({ ...toWizardProvider(p, session, lang), ...(input.oauth?.[p.id] ? { oauth: input.oauth[p.id] } : {}) })),
    ...(serviceUser ? { serviceUser } : {}),
    ...(session.mode === "reconnect" && connection ? { reconnect: reconnectView(connection) } : {}),
  };
}

/** What the wizard tells the admin about the connection a reconnect link replaces the credentials of. */
export function reconnectView(connection: Connection): ReconnectView {
  const provider = getProvider(connection.provider as ProviderId);
  const lastMissing = Object.entries(connection.scopeResults)
    .filter(([id, r]) => r.status === "missing" && !!provider?.scopes[id as ScopeId])
    .map(([id]) => id as ScopeId);
  return { ...(connection.accountLabel ? { accountLabel: connection.accountLabel } : {}), lastMissing };
}

const workspaceName = (workspace: Workspace) => workspace.branding.displayName || workspace.name;

/**
 * The service user this session asks the admin to invite (lib/providers/flows.ts): seeded by the
 * session id, so the address shown before "I have sent the invitation" is exactly the one saved; a
 * reconnect keeps the connection's stored address.
 */
export function serviceUserFor(flow: ServiceUserFlow, session: ConnectSession, workspace: Workspace, existing?: Pick<Connection, "id" | "providerState"> | null): ServiceUser {
  const stored = existing ? flow.parseState(existing.providerState)?.serviceUser : undefined;
  return flow.serviceUser({ workspace, seed: existing && !stored ? existing.id : session.id, existing: stored ?? null });
}

/** The state view of a saved service-user connection (a reopened hosted link). */
export function serviceUserViewOf(flow: ServiceUserFlow, input: { connection: Pick<Connection, "id" | "providerState">; session: ConnectSession; workspace: Workspace; lang: Lang }): ServiceUserView {
  const { connection, session, workspace, lang } = input;
  const state = flow.parseState(connection.providerState);
  const serviceUser = state?.serviceUser ?? serviceUserFor(flow, session, workspace, connection);
  return flow.view({ serviceUser, lang, workspaceName: workspaceName(workspace), connectionId: connection.id, ...(state ? { state } : {}) });
}
