"use client";
// The wizard: picker → prerequisites → guide → form → check → result. One small state machine;
// the typed credential values live only in `values` (this component's memory) so that "Test
// again" needs no retyping; they are never put in storage and the server never sends them back.
import { useTranslations } from "next-intl";
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Alert, Button, Field, Spinner } from "@/components/ui";
import { reportStep, sendServiceUserInvitation, startCheck } from "@/app/(connect)/connect/[token]/actions";
import { hostMessenger } from "@/lib/connect/host";
import { FailureAlert, type Failure } from "./failure-alert";
import { OAuthConsent } from "./oauth";
import type { OAuthOutcomeView } from "./oauth-message";
import { ServiceUserIdentity, ServiceUserState } from "./service-user";
import { ProviderPicker } from "./provider-picker";
import { useDocumentLang } from "./use-document-lang";
import { CheckResultView } from "./result";
import { fillLink, type CheckView, type ServiceUserView, type ReconnectView, type ScopeOutcome, type WizardActionResult, type WizardConfig, type WizardProvider } from "./types";
import type { ScopeId } from "@/lib/providers/types";

const loadForm = () => import("./credential-form");
const CredentialForm = lazy(loadForm);

type Step = "picker" | "prerequisites" | "guide" | "form" | "check" | "result" | "service_user_state" | "oauth";
type Route = "oauth" | "own";
type Connected = Extract<OAuthOutcomeView, { ok: true }>;

/** Whether the provider's own route can be offered (a service user needs its identity). */
const ownRouteAvailable = (p: WizardProvider, config: WizardConfig) => !(p.flow === "service_user" && !config.serviceUser);
/** The route a provider starts on: OAuth when the workspace prefers it or it is the only one. */
const firstRoute = (p: WizardProvider | null, config: WizardConfig): Route => (p?.oauth && (p.oauth.preferred || !ownRouteAvailable(p, config)) ? "oauth" : "own");
type Live = { authenticated: boolean | null; scopes: Partial<Record<ScopeId, ScopeOutcome>> };

const SESSION_ERRORS = new Set(["session_expired", "session_used", "not_found"]);

export function Wizard({ config }: { config: WizardConfig }) {
  const t = useTranslations("connect");
  const host = useMemo(() => hostMessenger(config.allowedOrigins), [config.allowedOrigins]);
  useDocumentLang();
  const single = config.providers.length === 1 ? config.providers[0]! : null;
  const [provider, setProvider] = useState<WizardProvider | null>(single);
  const [route, setRoute] = useState<Route>(() => firstRoute(single, config));
  const [connected, setConnected] = useState<Connected | null>(null);
  const [step, setStep] = useState<Step>(config.serviceUser?.state ? "service_user_state" : single ? (firstRoute(single, config) === "oauth" ? "oauth" : "prerequisites") : "picker");
  const [values, setValues] = useState<Record<string, string> | null>(null);
  const [result, setResult] = useState<CheckView | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [fatal, setFatal] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const [live, setLive] = useState<Live>({ authenticated: null, scopes: {} });
  /** Progress of an earlier attempt that settles late must not paint over the current one. */
  const attempts = useRef(0);
  const [serviceUser, setServiceUser] = useState<ServiceUserView | undefined>(config.serviceUser);
  /** The customer's subdomain (Personio), typed on the guide or in the form: it turns steps and fix-its into deep links. */
  const [subdomain, setSubdomain] = useState("");
  const headingRef = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);

  const isServiceUser = provider?.flow === "service_user" && route === "own";
  const flow: Step[] = useMemo(() => {
    const steps: Step[] = single ? [] : ["picker"];
    if (route === "oauth") return [...steps, "oauth", "result"];
    if (isServiceUser) return [...steps, "prerequisites", "guide", "result"];
    return [...steps, "prerequisites", "guide", "form", "check", "result"];
  }, [single, isServiceUser, route]);

  useEffect(() => {
    host.ready();
  }, [host]);

  // Each step: tell the host (funnel analytics), record it, and move focus to the new heading so
  // that keyboard and screen-reader users start reading the step from its top.
  useEffect(() => {
    host.step(step, provider?.id);
    void reportStep(config.token, step, provider?.id ?? null).catch(() => {});
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    headingRef.current?.focus();
  }, [step, provider?.id, host, config.token]);

  useEffect(() => {
    if (step === "guide" && !isServiceUser) void loadForm();
  }, [step, isServiceUser]);

  const fail = useCallback(
    (r: Extract<WizardActionResult<unknown>, { ok: false }>) => {
      const f = { code: r.code, message: r.message, retryAfterSeconds: r.retryAfterSeconds, fieldErrors: r.fieldErrors };
      host.error(r.code, r.message);
      if (SESSION_ERRORS.has(r.code)) setFatal(f);
      else setFailure(f);
    },
    [host],
  );

  const runCheck = useCallback(
    async (v: Record<string, string>, from: Step) => {
      if (!provider) return;
      setValues(v);
      if (provider.subdomainField) setSubdomain(v[provider.subdomainField] ?? "");
      setFailure(null);
      setBusy(true);
      const attempt = ++attempts.current;
      // The live view at once: the sign-in first, then each permission as its probe settles.
      setLive({ authenticated: null, scopes: {} });
      setStep("check");
      let r: WizardActionResult<CheckView>;
      try {
        const started = await startCheck(config.token, provider.id, v, config.lang);
        if (started.ok) {
          const stream = started.data;
          void stream.authenticated.then((ok) => attempt === attempts.current && setLive((l) => ({ ...l, authenticated: ok })));
          for (const p of Object.values(stream.scopes)) {
            void p?.then((s) => s && attempt === attempts.current && setLive((l) => ({ ...l, scopes: { ...l.scopes, [s.id]: s } })));
          }
          r = await stream.result;
        } else {
          r = started;
        }
      } catch {
        r = { ok: false, code: "network", message: t("errors.network") };
      }
      setBusy(false);
      if (!r.ok) {
        fail(r);
        setStep(from);
        return;
      }
      const data = r.data;
      if (data.outcome === "invalid_credentials" || data.outcome === "rate_limited" || data.outcome === "provider_unreachable" || data.outcome === "provider_error") {
        host.error(data.outcome, data.message);
        setFailure({ code: data.outcome, message: data.message, retryAfterSeconds: data.retryAfterSeconds });
        setResult(null);
        setStep("form");
        return;
      }
      setResult(data);
      setStep("result");
      if (data.saved && data.connectionId) host.success(data.connectionId, provider.id, data.status);
      else host.error(data.outcome, data.message);
    },
    [config.token, config.lang, provider, host, fail, t],
  );

  const sendInvitation = useCallback(async () => {
    if (!provider) return;
    setBusy(true);
    setFailure(null);
    let r: WizardActionResult<ServiceUserView>;
    try {
      r = await sendServiceUserInvitation(config.token, provider.id, config.lang);
    } catch {
      r = { ok: false, code: "network", message: t("errors.network") };
    }
    setBusy(false);
    if (!r.ok) return fail(r);
    setServiceUser(r.data);
    setStep("service_user_state");
    if (r.data.connectionId) host.success(r.data.connectionId, provider.id, "pending");
  }, [config.token, config.lang, provider, host, fail, t]);

  const choose = (p: WizardProvider) => {
    setProvider(p);
    setValues(null);
    setResult(null);
    setFailure(null);
    const r = firstRoute(p, config);
    setRoute(r);
    setStep(r === "oauth" ? "oauth" : "prerequisites");
  };

  const switchRoute = (r: Route) => {
    setFailure(null);
    setRoute(r);
    setStep(r === "oauth" ? "oauth" : "prerequisites");
  };

  const onConnected = useCallback(
    (o: Connected) => {
      setConnected(o);
      setStep("result");
      if (provider) host.success(o.connectionId, provider.id, "active");
    },
    [host, provider],
  );

  const back = () => {
    setFailure(null);
    const i = flow.indexOf(step);
    if (i > 0) setStep(flow[i - 1]!);
  };

  const stepIndex = step === "service_user_state" ? flow.length - 1 : flow.indexOf(step);
  const stepName = step === "guide" && isServiceUser ? t("steps.guideServiceUser") : t(`steps.${step === "service_user_state" ? "result" : step}`);
  const headingId = "lk-step-heading";

  if (fatal) {
    return (
      <section className="lk-step" aria-labelledby={headingId}>
        <h2 id={headingId} ref={headingRef} tabIndex={-1} className="lk-step-title">
          {SESSION_ERRORS.has(fatal.code) ? t(`errors.${fatal.code as "session_expired"}`) : t("errors.title")}
        </h2>
        <Alert tone="error">{fatal.message}</Alert>
      </section>
    );
  }

  return (
    <>
      <div className="lk-progress">
        <p className="lk-progress-label">{t("header.progress", { current: stepIndex + 1, total: flow.length, name: stepName })}</p>
        <div className="lk-progress-bar" aria-hidden="true">
          <span style={{ width: `${((stepIndex + 1) / flow.length) * 100}%` }} />
        </div>
      </div>

      <section className="lk-step" aria-labelledby={headingId}>
        {provider && step !== "picker" ? (
          <p className="lk-step-provider">
            <span>{provider.name}</span>
          </p>
        ) : null}
        <h2 id={headingId} ref={headingRef} tabIndex={-1} className="lk-step-title">
          {step === "result" && connected ? t(config.mode === "reconnect" ? "result.reconnectedTitle" : "result.successTitle", { provider: provider!.name }) : step === "result" && result ? resultHeading(t, result, provider!, config.mode) : step === "service_user_state" && serviceUser ? serviceUser.texts.stateTitle : stepName}
        </h2>

        {step === "picker" ? <ProviderPicker providers={config.providers} onChoose={choose} /> : null}

        {step === "oauth" && provider?.oauth ? (
          <>
            {config.reconnect ? <ReconnectNotice view={config.reconnect} provider={provider} workspaceName={config.workspace.name} /> : null}
            <OAuthConsent
              provider={{ ...provider, oauth: provider.oauth }}
              token={config.token}
              lang={config.lang}
              workspaceName={config.workspace.name}
              onConnected={onConnected}
              {...(ownRouteAvailable(provider, config) ? { onOtherRoute: () => switchRoute("own") } : {})}
            />
            {!single ? (
              <div className="lk-actions">
                <Button variant="secondary" onClick={back}>
                  {t("common.back")}
                </Button>
              </div>
            ) : null}
          </>
        ) : null}

        {step === "result" && provider && connected ? (
          <>
            <Alert tone="success">
              <p>{t("oauth.result.connected", { provider: provider.name })}</p>
              {connected.accountLabel ? <p data-testid="oauth-account">{t("oauth.result.account", { account: connected.accountLabel })}</p> : null}
              {connected.optionalMissing.length ? (
                <p>{t("oauth.result.optionalMissing", { scopes: provider.scopes.filter((s) => connected.optionalMissing.includes(s.id)).map((s) => s.label).join(", ") })}</p>
              ) : null}
            </Alert>
            <div className="lk-actions">
              <Button onClick={() => host.close("done")}>{t("result.done")}</Button>
            </div>
          </>
        ) : null}

        {step === "prerequisites" && provider ? (
          <>
            {config.reconnect ? <ReconnectNotice view={config.reconnect} provider={provider} workspaceName={config.workspace.name} /> : null}
            {provider.oauth ? (
              <p>
                <Button variant="secondary" onClick={() => switchRoute("oauth")}>
                  {t("oauth.altOAuth", { provider: provider.name })}
                </Button>
              </p>
            ) : null}
            <p>{t("prerequisites.intro", { provider: provider.name })}</p>
            <ul className="lk-checklist">
              {provider.prerequisites.map((p, i) => (
                <li key={i}>{p}</li>
              ))}
            </ul>
            <div className="lk-actions">
              <Button onClick={() => setStep("guide")}>{t("prerequisites.confirm")}</Button>
              {!single ? (
                <Button variant="secondary" onClick={back}>
                  {t("common.back")}
                </Button>
              ) : null}
            </div>
          </>
        ) : null}

        {step === "guide" && provider ? (
          <>
            <p>{isServiceUser ? t("guide.introServiceUser", { provider: provider.name }) : t("guide.intro", { provider: provider.name })}</p>
            {provider.subdomainField ? (
              <Field id="lk-guide-subdomain" label={t("guide.subdomainLabel", { provider: provider.name })} labelHint={t("form.optional")} help={t("guide.subdomainHelp", { provider: provider.name })}>
                {(aria) => (
                  <input
                    {...aria}
                    className="ui-input"
                    value={subdomain}
                    maxLength={63}
                    autoComplete="off"
                    autoCapitalize="off"
                    spellCheck={false}
                    placeholder="acme"
                    onChange={(e) => setSubdomain(e.target.value)}
                  />
                )}
              </Field>
            ) : null}
            <div className={isServiceUser ? "lk-guide-split" : undefined}>
              {isServiceUser && serviceUser ? <ServiceUserIdentity view={serviceUser} permissions={provider.scopes} /> : null}
              <ol className="lk-guide">
                {provider.guide.map((g, i) => (
                  <li key={i}>
                    <p className="lk-guide-title">{g.title}</p>
                    <p className="lk-guide-body">{g.body}</p>
                    {g.link || fillLink(g.linkTemplate, subdomain) ? (
                      <a href={g.link || fillLink(g.linkTemplate, subdomain)} target="_blank" rel="noopener noreferrer" className="lk-guide-link">
                        {t("guide.openLink", { provider: provider.name })}
                        <span className="visually-hidden"> {t("guide.newTab")}</span>
                        <span aria-hidden="true"> ↗</span>
                      </a>
                    ) : null}
                  </li>
                ))}
              </ol>
            </div>
            {failure ? <FailureAlert failure={failure} /> : null}
            <div className="lk-actions">
              {isServiceUser ? (
                <Button onClick={sendInvitation} busy={busy}>
                  {serviceUser?.texts.sent}
                </Button>
              ) : (
                <Button onClick={() => setStep("form")}>{t("guide.continue")}</Button>
              )}
              <Button variant="secondary" onClick={back}>
                {t("common.back")}
              </Button>
            </div>
          </>
        ) : null}

        {step === "form" && provider ? (
          <>
            <p>{t("form.intro", { provider: provider.name })}</p>
            {failure ? <FailureAlert failure={failure} /> : null}
            <Suspense
              fallback={
                <p className="lk-loading">
                  <Spinner />
                </p>
              }
            >
              <CredentialForm
                provider={provider}
                initialValues={values ?? (provider.subdomainField && subdomain ? { [provider.subdomainField]: subdomain.trim().toLowerCase() } : null)}
                serverFieldErrors={failure?.fieldErrors}
                busy={busy}
                onSubmit={(v) => runCheck(v, "form")}
                onBack={back}
              />
            </Suspense>
          </>
        ) : null}

        {step === "check" && provider ? <CheckProgress provider={provider} live={live} /> : null}

        {step === "result" && provider && result ? (
          <CheckResultView
            provider={provider}
            result={result}
            subdomain={subdomain}
            workspaceName={config.workspace.name}
            busy={busy}
            failure={failure}
            onTestAgain={() => values && runCheck(values, "result")}
            onChangeCredentials={() => {
              setFailure(null);
              setStep("form");
            }}
            onDone={() => host.close("done")}
          />
        ) : null}

        {step === "service_user_state" && serviceUser ? (
          <ServiceUserState view={serviceUser} permissions={provider?.scopes ?? config.providers[0]?.scopes ?? []} />
        ) : null}
      </section>
    </>
  );
}

function resultHeading(t: ReturnType<typeof useTranslations<"connect">>, result: CheckView, provider: WizardProvider, mode: WizardConfig["mode"]): string {
  if (result.saved) {
    const optionalMissing = result.scopes.some((s) => !s.required && s.status !== "granted");
    if (optionalMissing) return t("result.optionalMissingTitle");
    return t(mode === "reconnect" ? "result.reconnectedTitle" : "result.successTitle", { provider: provider.name });
  }
  const missing = result.scopes.some((s) => s.required && s.status === "missing");
  return missing ? t("result.failTitle") : t("result.unknownTitle");
}

/** Reconnect mode: whose connection this is, and why it probably needs new credentials. */
function ReconnectNotice({ view, provider, workspaceName }: { view: ReconnectView; provider: WizardProvider; workspaceName: string }) {
  const t = useTranslations("connect.reconnect");
  const missing = provider.scopes.filter((s) => view.lastMissing.includes(s.id));
  return (
    <Alert tone="info" live={false} title={t("title", { provider: provider.name })}>
      <p>{t("body", { workspace: workspaceName, provider: provider.name })}</p>
      {view.accountLabel ? <p>{t("account", { label: view.accountLabel })}</p> : null}
      {missing.length ? (
        <>
          <p>{t("lastMissing", { provider: provider.name })}</p>
          <ul>
            {missing.map((s) => (
              <li key={s.id}>{s.permission === s.label ? s.label : `${s.label} (${s.permission})`}</li>
            ))}
          </ul>
        </>
      ) : null}
    </Alert>
  );
}

const liveIcon = { granted: "✓", missing: "✕", unknown: "?" } as const;

function CheckProgress({ provider, live }: { provider: WizardProvider; live: Live }) {
  const t = useTranslations("connect");
  const tr = useTranslations("connect.result");
  const tc = useTranslations("common");
  const done = provider.scopes.filter((s) => live.scopes[s.id]).length;
  const total = provider.scopes.length;
  return (
    <>
      <p>{t("check.progress", { count: total, provider: provider.name })}</p>
      <p role="status" aria-live="polite" className="lk-check-count">
        {live.authenticated ? t("check.counted", { done, total }) : t("check.signingIn", { provider: provider.name })}
      </p>
      <ul className="lk-scopes" aria-busy={done < total}>
        <li className={`lk-scope ${live.authenticated ? "lk-scope-granted" : ""}`} data-scope="authentication">
          <span className={`lk-scope-icon ${live.authenticated ? "lk-scope-granted-icon" : "lk-scope-pending"}`} aria-hidden="true">
            {live.authenticated ? "✓" : <Spinner size={16} />}
          </span>
          <span className="lk-scope-main">
            <span className="lk-scope-name">{t("check.authentication")}</span>
            <span className="lk-scope-status">{live.authenticated ? t("check.authenticated") : t("check.scopeRunning")}</span>
          </span>
        </li>
        {provider.scopes.map((s) => {
          const outcome = live.scopes[s.id];
          return (
            <li key={s.id} className={`lk-scope ${outcome ? `lk-scope-${outcome.status}` : "lk-scope-running"}`} data-scope={s.id}>
              <span className={`lk-scope-icon ${outcome ? `lk-scope-${outcome.status}-icon` : "lk-scope-pending"}`} aria-hidden="true">
                {outcome ? liveIcon[outcome.status] : <Spinner size={16} />}
              </span>
              <span className="lk-scope-main">
                <span className="lk-scope-name">{s.label}</span>
                <span className="lk-scope-perm">{tr("inProvider", { provider: provider.name, permission: s.permission })}</span>
                <span className="lk-scope-status">{outcome ? tc(`scope.${outcome.status}`) : live.authenticated ? t("check.scopeRunning") : t("check.scopeWaiting")}</span>
              </span>
            </li>
          );
        })}
      </ul>
    </>
  );
}
