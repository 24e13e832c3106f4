"use client";
// The OAuth route's screen (flow kind "oauth"): what the provider will ask, in its own scope words,
// then its consent page. Inside the vendor's iframe the consent runs in a popup (providers refuse
// framing): the window is opened synchronously on the click so that browsers allow it, then pointed
// at the authorize URL. Blocked → a button that opens it from a new click, and a new-tab link.
// Closed before the end → its own message. The callback page tells us the outcome by postMessage
// from Latchkey's own origin only; in case it cannot (a new tab, a provider page that severs the
// opener) the attempt's outcome is also followed on the server (oauth-attempt-watch.tsx). A hosted link navigates the page.
import { useTranslations } from "next-intl";
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from "react";
import { Alert, Button } from "@/components/ui";
import { oauthAttempt, startOAuth } from "@/app/(connect)/connect/[token]/actions";
import { readOAuthMessage, type OAuthOutcomeView } from "./oauth-message";
import type { WizardProvider } from "./types";

type Phase = { kind: "idle" } | { kind: "waiting"; newTab: boolean; attemptId: string } | { kind: "blocked"; url: string; attemptId: string } | { kind: "failed"; code: string; text: string };

const POPUP_CHECK_MS = 500;
// The server is followed with react-query, loaded only once an attempt is under way.
const OAuthAttemptWatch = lazy(() => import("./oauth-attempt-watch"));
const POPUP_FEATURES = "popup=yes,width=520,height=720";

export function OAuthConsent({
  provider,
  token,
  lang,
  workspaceName,
  onConnected,
  onOtherRoute,
}: {
  provider: WizardProvider & { oauth: NonNullable<WizardProvider["oauth"]> };
  token: string;
  lang: string;
  workspaceName: string;
  onConnected: (outcome: Extract<OAuthOutcomeView, { ok: true }>) => void;
  /** Switch to the provider's own route, when it can be offered. */
  onOtherRoute?: () => void;
}) {
  const t = useTranslations("connect.oauth");
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const popup = useRef<Window | null>(null);
  const attempt = useRef<string | null>(null);
  const settled = useRef(false);
  const name = provider.name;

  const failText = useCallback(
    (o: { code: string; missingScopes?: string[] }) =>
      t(`errors.${o.code}` as "errors.denied", { provider: name, workspace: workspaceName, scopes: (o.missingScopes ?? []).join(", ") }),
    [t, name, workspaceName],
  );

  const finish = useCallback(
    (o: OAuthOutcomeView) => {
      if (settled.current) return;
      settled.current = true;
      try {
        popup.current?.close();
      } catch {
        // A window on another origin may refuse; it closes itself.
      }
      popup.current = null;
      if (o.ok) onConnected(o);
      else setPhase({ kind: "failed", code: o.code, text: failText(o) });
    },
    [onConnected, failText],
  );

  // The callback page's message: Latchkey's own origin, from the window we opened.
  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      if (!attempt.current || (popup.current && event.source !== popup.current)) return;
      const outcome = readOAuthMessage(event, window.location.origin);
      if (outcome) finish(outcome);
    };
    window.addEventListener("message", onMessage);
    return () => window.removeEventListener("message", onMessage);
  }, [finish]);

  // While waiting in a popup: whether it was closed before the callback answered. A local look,
  // no request; the server is asked once more before saying so (the callback may have answered
  // just before the window closed). The server's answer itself is followed by OAuthAttemptWatch.
  useEffect(() => {
    if (phase.kind !== "waiting" || phase.newTab) return;
    let stop = false;
    const timer = setInterval(async () => {
      if (stop || settled.current || (popup.current && !popup.current.closed)) return;
      clearInterval(timer);
      const last = attempt.current ? await oauthAttempt(token, attempt.current, lang).catch(() => null) : null;
      if (stop || settled.current) return;
      if (last?.ok && last.data) return finish(last.data);
      settled.current = true;
      setPhase({ kind: "failed", code: "popup_closed", text: failText({ code: "popup_closed" }) });
    }, POPUP_CHECK_MS);
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, [phase, token, lang, finish, failText]);

  const begin = useCallback(async () => {
    settled.current = false;
    if (provider.oauth.display === "redirect") {
      const r = await startOAuth(token, provider.id, lang);
      if (!r.ok) return setPhase({ kind: "failed", code: r.code, text: r.message });
      window.location.assign(r.data.url);
      return;
    }
    // Opened now, on the click, so that the browser allows it; pointed at the provider below.
    const w = window.open("about:blank", "latchkey-oauth", POPUP_FEATURES);
    const r = await startOAuth(token, provider.id, lang);
    if (!r.ok) {
      w?.close();
      return setPhase({ kind: "failed", code: r.code, text: r.message });
    }
    attempt.current = r.data.attemptId;
    if (!w) return setPhase({ kind: "blocked", url: r.data.url, attemptId: r.data.attemptId });
    popup.current = w;
    w.location.href = r.data.url;
    setPhase({ kind: "waiting", newTab: false, attemptId: r.data.attemptId });
  }, [provider.oauth.display, provider.id, token, lang]);

  /** After a block: a new click opens the URL we already have (a user gesture, no await first). */
  const openAgain = (url: string, attemptId: string) => {
    const w = window.open(url, "latchkey-oauth", POPUP_FEATURES);
    if (!w) return;
    popup.current = w;
    setPhase({ kind: "waiting", newTab: false, attemptId });
  };

  return (
    <div className="lk-oauth" data-phase={phase.kind}>
      <p>{t("intro", { provider: name, workspace: workspaceName })}</p>
      <p className="lk-guide-title">{t("scopesTitle", { provider: name })}</p>
      <ul className="lk-checklist" data-testid="oauth-scopes">
        {provider.oauth.scopes.map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ul>
      {provider.oauth.display === "redirect" ? <p>{t("redirectNote", { provider: name })}</p> : null}

      {phase.kind === "blocked" ? (
        <Alert tone="warning" title={t("errors.popup_blocked", { provider: name })}>
          <div className="lk-actions">
            <Button onClick={() => openAgain(phase.url, phase.attemptId)}>{t("open", { provider: name })}</Button>
            <a
              className="lk-guide-link"
              href={phase.url}
              target="_blank"
              rel="noopener"
              onClick={() => {
                popup.current = null;
                setPhase({ kind: "waiting", newTab: true, attemptId: phase.attemptId });
              }}
            >
              {t("newTab", { provider: name })}
            </a>
          </div>
        </Alert>
      ) : null}

      {phase.kind === "failed" ? (
        <Alert tone="error" title={t("result.failTitle")}>
          <p data-code={phase.code}>{phase.text}</p>
        </Alert>
      ) : null}

      {phase.kind === "waiting" ? (
        <Suspense fallback={null}>
          <OAuthAttemptWatch token={token} lang={lang} attemptId={phase.attemptId} onOutcome={finish} />
        </Suspense>
      ) : null}

      {phase.kind === "waiting" ? (
        <p role="status" aria-live="polite" className="lk-check-count">
          {phase.newTab ? t("newTabWaiting") : t("waiting", { provider: name })}
        </p>
      ) : null}

      <div className="lk-actions">
        {phase.kind === "waiting" && !phase.newTab ? (
          <Button variant="secondary" onClick={() => popup.current?.focus()}>
            {t("focus", { provider: name })}
          </Button>
        ) : phase.kind !== "blocked" ? (
          <Button onClick={() => void begin()}>{phase.kind === "failed" ? t("retry") : t("open", { provider: name })}</Button>
        ) : null}
        {onOtherRoute && phase.kind !== "waiting" ? (
          <Button variant="secondary" onClick={onOtherRoute}>
            {t("altRoute")}
          </Button>
        ) : null}
      </div>
    </div>
  );
}
