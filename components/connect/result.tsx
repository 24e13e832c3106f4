"use client";
import { useTranslations } from "next-intl";
import { Alert, Button } from "@/components/ui";
import { fillAddressLink, type CheckView, type WizardProvider } from "./types";
import { FailureAlert } from "./failure-alert";

type Props = {
  provider: WizardProvider;
  result: CheckView;
  /** The company's web address as typed (Personio): fix-its link into it. */
  address: string;
  workspaceName: string;
  busy: boolean;
  failure: { code: string; message: string; retryAfterSeconds?: number } | null;
  /** Seconds until the provider (or our limit) lets the admin test again; "Test again" waits for it. */
  waitSeconds: number;
  onTestAgain: () => void;
  onChangeCredentials: () => void;
  onDone: () => void;
};

const icon = { granted: "✓", missing: "✕", unknown: "?" } as const;
/** What needs the admin's attention first. */
const ORDER = { missing: 0, unknown: 1, granted: 2 } as const;

export function CheckResultView({ provider, result, address, workspaceName, busy, failure, waitSeconds, onTestAgain, onChangeCredentials, onDone }: Props) {
  const t = useTranslations("connect.result");
  const tc = useTranslations("common");
  const byId = new Map(provider.scopes.map((s) => [s.id, s]));
  const optionalMissing = result.scopes.filter((s) => !s.required && s.status !== "granted");
  const needsRetry = !result.saved;
  const link = (template: string | undefined) => fillAddressLink(template, address, provider.webAddress?.spec);
  /** The check never got to the permissions: the provider limited, failed or garbled its answer. */
  const stopped = result.outcome === "rate_limited" || result.outcome === "provider_unreachable" || result.outcome === "provider_error";

  return (
    <>
      {result.saved ? (
        optionalMissing.length ? (
          <Alert tone="warning">
            <p>{t("optionalMissingBody", { workspace: workspaceName })}</p>
            <ul>
              {optionalMissing.map((s) => (
                <li key={s.id}>
                  {byId.get(s.id)?.label ?? s.id}: {s.fix ?? byId.get(s.id)?.fix}
                </li>
              ))}
            </ul>
          </Alert>
        ) : (
          <Alert tone="success">
            <p>{t("successBody", { workspace: workspaceName })}</p>
          </Alert>
        )
      ) : stopped ? null : (
        <Alert tone="error">
          <p>{result.scopes.some((s) => s.required && s.status === "missing") ? t("failBody", { provider: provider.name }) : t("unknownBody", { provider: provider.name })}</p>
        </Alert>
      )}
      {result.accountLabel ? <p className="lk-account">{t("account", { label: result.accountLabel })}</p> : null}

      {failure ? <FailureAlert failure={failure} /> : null}
      {waitSeconds > 0 || failure?.retryAfterSeconds ? (
        <p className="lk-wait" role="status" aria-live="polite" data-testid="wait">
          {waitSeconds > 0 ? t("waitFor", { seconds: waitSeconds }) : t("waitOver")}
        </p>
      ) : null}

      {result.scopes.length ? <h3 className="lk-subtitle">{t("permissions")}</h3> : null}
      {result.scopes.length ? (
      <ul className="lk-scopes">
        {[...result.scopes].sort((a, b) => ORDER[a.status] - ORDER[b.status] || Number(b.required) - Number(a.required)).map((s) => {
          const def = byId.get(s.id);
          return (
            <li key={s.id} className={`lk-scope lk-scope-${s.status}`}>
              <span className={`lk-scope-icon lk-scope-${s.status}-icon`} aria-hidden="true">
                {icon[s.status]}
              </span>
              <span className="lk-scope-main">
                <span className="lk-scope-name">
                  {def?.label ?? s.id} <span className="lk-scope-tag">({s.required ? t("required") : t("optional")})</span>
                </span>
                {def ? <span className="lk-scope-perm">{t("inProvider", { provider: provider.name, permission: def.permission })}</span> : null}
                <span className="lk-scope-status">{tc(`scope.${s.status}`)}</span>
                {s.detail ? <span className="lk-scope-detail">{s.detail}</span> : null}
                {s.status === "missing" && def ? (
                  <span className="lk-fix">
                    <strong>{t("howToFix")} </strong>
                    {s.fix ?? def.fix}
                    {def.fixLink || link(def.fixLinkTemplate) ? (
                      <>
                        {" "}
                        <a href={def.fixLink || link(def.fixLinkTemplate)} target="_blank" rel="noopener noreferrer">
                          {t("openSettings", { provider: provider.name })}
                          <span aria-hidden="true"> ↗</span>
                        </a>
                      </>
                    ) : null}
                  </span>
                ) : null}
                {s.status === "unknown" && def?.note ? <span className="lk-scope-detail">{def.note}</span> : null}
              </span>
            </li>
          );
        })}
      </ul>
      ) : null}

      <div className="lk-actions">
        {needsRetry ? (
          <>
            <Button onClick={onTestAgain} busy={busy} disabled={waitSeconds > 0}>
              {busy ? t("testAgainBusy") : t("testAgain")}
            </Button>
            <Button variant="secondary" onClick={onChangeCredentials} disabled={busy}>
              {t("changeCredentials")}
            </Button>
          </>
        ) : (
          <Button onClick={onDone}>{t("done")}</Button>
        )}
      </div>
      {busy ? (
        <p className="visually-hidden" role="status">
          {t("testAgainBusy")}
        </p>
      ) : null}
    </>
  );
}
