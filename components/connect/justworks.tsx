"use client";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Alert } from "@/components/ui";
import type { JustworksView, WizardScope } from "./types";

function CopyRow({ label, value }: { label: string; value: string }) {
  const t = useTranslations("connect.justworks");
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      // Clipboard access can be denied inside a cross-origin iframe: the value stays selectable.
      setCopied(false);
    }
  };
  return (
    <div className="lk-copy-row">
      <dt>{label}</dt>
      <dd>
        <code className="lk-copy-value">{value}</code>
        <button type="button" className="ui-btn ui-btn-secondary lk-copy-btn" onClick={copy} aria-label={t("copyLabel", { what: label })}>
          {copied ? t("copied") : t("copy")}
        </button>
        <span className="visually-hidden" role="status">
          {copied ? t("copied") : ""}
        </span>
      </dd>
    </div>
  );
}

export function JustworksServiceUser({ view, permissions }: { view: JustworksView; permissions: WizardScope[] }) {
  const t = useTranslations("connect.justworks");
  return (
    <aside className="lk-service-user" aria-labelledby="lk-su-title">
      <h3 id="lk-su-title" className="lk-subtitle">
        {t("serviceUserTitle")}
      </h3>
      <p className="ui-help">{t("serviceUserHelp")}</p>
      <dl className="lk-copy-list">
        <CopyRow label={t("firstName")} value={view.firstName} />
        <CopyRow label={t("email")} value={view.email} />
      </dl>
      {permissions.length ? (
        <>
          <h4 className="lk-subtitle-small">{t("permissionsTitle")}</h4>
          <ul className="lk-checklist">
            {permissions.map((p) => (
              <li key={p.id}>{p.permission}</li>
            ))}
          </ul>
        </>
      ) : null}
    </aside>
  );
}

export function JustworksState({ view, workspaceName, permissions }: { view: JustworksView; workspaceName: string; permissions: WizardScope[] }) {
  const t = useTranslations("connect.justworks");
  const state = view.state ?? "awaiting_invitation";
  const tone = state === "verified" ? "success" : state === "permissions_missing" ? "warning" : "info";
  return (
    <>
      <p>{t("stateIntro", { workspace: workspaceName })}</p>
      <Alert tone={tone}>
        <p>{t(`state_${state}`, { workspace: workspaceName })}</p>
        {state === "permissions_missing" && view.missingPermissions?.length ? (
          <ul>
            {view.missingPermissions.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        ) : null}
      </Alert>
      <JustworksServiceUser view={view} permissions={permissions} />
    </>
  );
}
