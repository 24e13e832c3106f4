"use client";
// The wizard: picker → prerequisites → guide → form → check → result. One small state machine;
// the typed credential values live only in `values` (this component's memory) so that "Test
// again" needs no retyping; they are never put in storage and the server never sends them back.
import { useTranslations } from "next-intl";
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Alert, Button, Field, Spinner } from "@/components/ui";
import { reportShown, reportStep, sendServiceUserInvitation, startCheck } from "@/app/(connect)/connect/[token]/actions";
import { hostMessenger, whenShown } from "@/lib/connect/host";
import { FailureAlert, type Failure } from "./failure-alert";
import { OAuthConsent } from "./oauth";
import type { OAuthOutcomeView } from "./oauth-message";
import { ServiceUserIdentity, ServiceUserState } from "./service-user";
import { ProviderPicker } from "./provider-picker";
import { useDocumentLang } from "./use-document-lang";
import { CheckResultView } from "./result";
import { Checklist } from "./checklist";
import { progressOf, type Step } from "./progress";
import { useCountdown } from "./use-countdown";
import { fillAddressLink, type CheckView, type ServiceUserView, type ReconnectView, type ScopeOutcome, type WizardActionResult, type WizardConfig, type WizardProvider } from "./types";
import type { ScopeId } from "@/lib/providers/types";

const loadForm = () => import("./credential-form");
const CredentialForm = lazy(loadForm);

type Route = "oauth" | "own";
type Connected = Extract<OAuthOutcomeView, { ok: true }>;

/** Whether the provider's own route can be offered (a service user needs its identity). */
const ownRouteAvailable = (p: WizardProvider, config: WizardConfig) => !(p.flow === "service_user" && !config.serviceUser);
/** The route a provider starts on: OAuth when the workspace prefers it or it is the only one. */
const firstRoute = (p: WizardProvider | null, config: WizardConfig): Route => (p?.oauth && (p.oauth.preferred || !ownRouteAvailable(p, config)) ? "oauth" : "own");
/** The vendor confirmed every prerequisite (a pre-filled session): the wizard starts on the guide.
 *  Not with an OAuth route, whose choice is offered on the prerequisites step. */
const skipsPrerequisites = (p: WizardProvider | null) => !!p?.prefill?.prerequisitesConfirmed && !p.oauth;
/** The provider's own route starts here. */
const ownStart = (p: WizardProvider | null): Step => (skipsPrerequisites(p) ? "guide" : "prerequisites");
/** The company's web address the vendor pre-filled (Personio), for the guide's deep links. */
const prefilledAddress = (p: WizardProvider | null) => (p?.webAddress ? (p.prefill?.values[p.webAddress.field] ?? "") : "");
type Live = { authenticated: boolean | null; scopes: Partial<Record<ScopeId, ScopeOutcome>> };

const SESSION_ERRORS = new Set(["session_expired", "session_used", "session_revoked", "not_found"]);

/** When a refused attempt may be repeated, from the moment the refusal arrived. */
const retryAt = (seconds: number | undefined) => (seconds && seconds > 0 ? Date.now() + seconds * 1000 : undefined);

export function Wizard({ config }: { config: WizardConfig }) {
  const t = useTranslations("connect");
  const host = useMemo(() => hostMessenger(config.allowedOrigins), [config.allowedOrigins]);
  useDocumentLang();
  const single = config.providers.length === 1 ? config.providers[0]! : null;
  const [provider, setProvider] = useState<WizardProvider | null>(single);
  const [route, setRoute] = useState<Route>(() => firstRoute(single, config));
  const [connected, setConnected] = useState<Connected | null>(null);
  const [step, setStep] = useState<Step>(config.serviceUser?.state ? "service_user_state" : single ? (firstRoute(single, config) === "oauth" ? "oauth" : ownStart(single)) : "picker");
  const [values, setValues] = useState<Record<string, string> | null>(null);
  const [result, setResult] = useState<CheckView | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [fatal, setFatal] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const [live, setLive] = useState<Live>({ authenticated: null, scopes: {} });
  /** Progress of an earlier attempt that settles late must not paint over the current one. */
  const attempts = useRef(0);
  const [serviceUser, setServiceUser] = useState<ServiceUserView | undefined>(config.serviceUser);
  /** The company's web address in the provider (Personio), typed on the guide or in the form: it turns steps and fix-its into deep links. */
  const [address, setAddress] = useState(() => prefilledAddress(single));
  /** A refused attempt's wait (rate limit): "Test again" stays disabled until it is over. */
  const wait = useCountdown(failure?.retryAt);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);

  const isServiceUser = provider?.flow === "service_user" && route === "own";
  const skipped = skipsPrerequisites(provider);
  const flow = useMemo(() => progressOf.flow({ picker: !single, serviceUser: isServiceUser, oauth: route === "oauth", prerequisites: !skipped }), [single, isServiceUser, route, skipped]);

  /** Whether the admin can see the wizard: at once, unless prepared hidden (then when the host says so). */
  const [shown, setShown] = useState(!config.prepared);

  // A prepared wizard counts as opened only now: "opened" is recorded first, then its steps. The
  // listener is in place before `ready` tells the host it may say so.
  useEffect(() => {
    if (!config.prepared) return;
    return whenShown(true, config.allowedOrigins, () => {
      void reportShown(config.token)
        .catch(() => {})
        .finally(() => setShown(true));
    });
  }, [config.prepared, config.allowedOrigins, config.token]);

  useEffect(() => {
    host.ready();
  }, [host]);

  // Each step, once shown: tell the host (funnel analytics) and record it.
  useEffect(() => {
    if (!shown) return;
    host.step(step, provider?.id);
    void reportStep(config.token, step, provider?.id ?? null).catch(() => {});
  }, [shown, step, provider?.id, host, config.token]);

  // A new step: move focus to its heading, so that keyboard and screen-reader users start reading
  // the step from its top.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    // The new step starts at the top of the modal, with its title in view (the focus alone would
    // scroll only as far as the step's heading, leaving the modal's title above the fold).
    document.scrollingElement?.scrollTo({ top: 0 });
    headingRef.current?.focus({ preventScroll: true });
  }, [step, provider?.id]);

  useEffect(() => {
    if (step === "guide" && !isServiceUser) void loadForm();
  }, [step, isServiceUser]);

  const fail = useCallback(
    (r: Extract<WizardActionResult<unknown>, { ok: false }>) => {
      const f = { code: r.code, message: r.message, retryAfterSeconds: r.retryAfterSeconds, retryAt: retryAt(r.retryAfterSeconds), fieldErrors: r.fieldErrors };
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
      if (provider.webAddress) setAddress(v[provider.webAddress.field] ?? "");
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
      if (data.outcome === "invalid_credentials") {
        host.error(data.outcome, data.message);
        setFailure({ code: data.outcome, message: data.message, retryAfterSeconds: data.retryAfterSeconds });
        setResult(null);
        setStep("form");
        return;
      }
      // Rate limited, unreachable, an answer we could not read: the credentials may be right, so the
      // result screen offers "Test again" (after the wait the provider asked for) as its message says.
      if (data.outcome === "rate_limited" || data.outcome === "provider_unreachable" || data.outcome === "provider_error") {
        host.error(data.outcome, data.message);
        setFailure({ code: data.outcome, message: data.message, retryAfterSeconds: data.retryAfterSeconds, retryAt: retryAt(data.retryAfterSeconds) });
        setResult(data);
        setStep("result");
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
    setAddress(prefilledAddress(p));
    const r = firstRoute(p, config);
    setRoute(r);
    setStep(r === "oauth" ? "oauth" : ownStart(p));
  };

  const switchRoute = (r: Route) => {
    setFailure(null);
    setRoute(r);
    setStep(r === "oauth" ? "oauth" : ownStart(provider));
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

  const progress = progressOf.step(flow, step, config.providers);
  const stepName = step === "guide" && isServiceUser ? t("steps.guideServiceUser") : t(`steps.${step === "service_user_state" ? "result" : step}`);
  const addressTyped = address.trim();
  const addressLink = (template: string | undefined) => fillAddressLink(template, address, provider?.webAddress?.spec);
  const addressField = provider?.webAddress ? provider.fields.find((f) => f.name === provider.webAddress!.field) : undefined;
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
        <p className="lk-progress-label">
          {progress.total ? t("header.progress", { current: progress.current, total: progress.total, name: stepName }) : t("header.progressOpen", { current: progress.current, name: stepName })}
        </p>
        <div className="lk-progress-bar" aria-hidden="true">
          <span style={{ width: `${progress.fraction * 100}%` }} />
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
            <h3 className="lk-subtitle">{t("prerequisites.asks", { workspace: config.workspace.name })}</h3>
            <p className="lk-asks">{provider.asks}</p>
            <h3 className="lk-subtitle">{t("prerequisites.needTitle")}</h3>
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
            {skipped ? (
              <>
                {config.reconnect ? <ReconnectNotice view={config.reconnect} provider={provider} workspaceName={config.workspace.name} /> : null}
                <p className="lk-asks">{provider.asks}</p>
              </>
            ) : null}
            <p>{isServiceUser ? t("guide.introServiceUser", { provider: provider.name }) : t("guide.intro", { provider: provider.name })}</p>
            {addressField ? (
              <Field
                id="lk-guide-address"
                label={addressField.label}
                labelHint={t("form.optional")}
                help={addressField.help}
                error={addressTyped && !addressLink(provider.guide.find((g) => g.linkTemplate)?.linkTemplate) ? t("guide.addressInvalid", { provider: provider.name }) : undefined}
              >
                {(aria) => (
                  <input
                    {...aria}
                    className="ui-input"
                    value={address}
                    maxLength={addressField.maxLength}
                    autoComplete="off"
                    autoCapitalize="off"
                    spellCheck={false}
                    placeholder={addressField.placeholder}
                    onChange={(e) => setAddress(e.target.value)}
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
                    {g.link || addressLink(g.linkTemplate) ? (
                      <a href={g.link || addressLink(g.linkTemplate)} target="_blank" rel="noopener noreferrer" className="lk-guide-link">
                        {t("guide.openLink", { provider: provider.name })}
                        <span className="visually-hidden"> {t("guide.newTab")}</span>
                        <span aria-hidden="true"> ↗</span>
                      </a>
                    ) : null}
                  </li>
                ))}
              </ol>
            </div>
            {!isServiceUser ? <Checklist provider={provider} /> : null}
            {failure ? <FailureAlert failure={failure} /> : null}
            <div className="lk-actions">
              {isServiceUser ? (
                <Button onClick={sendInvitation} busy={busy}>
                  {serviceUser?.texts.sent}
                </Button>
              ) : (
                <Button onClick={() => setStep("form")}>{t("guide.continue")}</Button>
              )}
              {flow.indexOf(step) > 0 ? (
                <Button variant="secondary" onClick={back}>
                  {t("common.back")}
                </Button>
              ) : null}
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
                initialValues={values ?? { ...provider.prefill?.values, ...(provider.webAddress ? { [provider.webAddress.field]: addressTyped } : {}) }}
                prefilledBy={config.workspace.name}
                serverFieldErrors={failure?.fieldErrors}
                busy={busy}
                waitSeconds={wait}
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
            address={address}
            workspaceName={config.workspace.name}
            busy={busy}
            failure={failure}
            waitSeconds={wait}
            onTestAgain={() => values && runCheck(values, "result")}
            onChangeCredentials={() => {
              setFailure(null);
              setStep("form");
            }}
            onDone={() => host.close("done")}
          />
        ) : null}

        {step === "service_user_state" && serviceUser ? (
          <>
            <ServiceUserState view={serviceUser} permissions={provider?.scopes ?? config.providers[0]?.scopes ?? []} />
            <div className="lk-actions">
              <Button onClick={() => host.close("done")}>{t("result.done")}</Button>
            </div>
          </>
        ) : null}
      </section>
      {provider && provider.flow !== "service_user" ? (
        <p className="lk-secret-footer">
          <svg className="lk-lock" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
            <path d="M4.5 7V5a3.5 3.5 0 0 1 7 0v2h.5A1 1 0 0 1 13 8v6a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1h.5Zm1.5 0h4V5a2 2 0 1 0-4 0v2Z" fill="currentColor" />
          </svg>{" "}
          {t("header.securedBy")}
        </p>
      ) : null}
    </>
  );
}

function resultHeading(t: ReturnType<typeof useTranslations<"connect">>, result: CheckView, provider: WizardProvider, mode: WizardConfig["mode"]): string {
  if (result.saved) {
    const optionalMissing = result.scopes.some((s) => !s.required && s.status !== "granted");
    if (optionalMissing) return t("result.optionalMissingTitle");
    return t(mode === "reconnect" ? "result.reconnectedTitle" : "result.successTitle", { provider: provider.name });
  }
  if (result.outcome === "rate_limited") return t("result.rateLimitedTitle", { provider: provider.name });
  if (result.outcome === "provider_unreachable") return t("result.unreachableTitle", { provider: provider.name });
  if (result.outcome === "provider_error") return t("result.providerErrorTitle", { provider: provider.name });
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
