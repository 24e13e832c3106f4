"use client";
// The service-user flow's screens (FlowKind "service_user"): the identity to invite, and the
// state once the invitation is sent. Every text comes resolved from the server in the view
// (lib/providers/flows.ts), so no provider's messages reach this bundle.
import { useState } from "react";
import { Alert } from "@/components/ui";
import type { ServiceUserView, WizardScope } from "./types";

function CopyRow({ label, copyLabel, value, texts }: { label: string; copyLabel: string; value: string; texts: ServiceUserView["texts"] }) {
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
        <button type="button" className="ui-btn ui-btn-secondary lk-copy-btn" onClick={copy} aria-label={copyLabel}>
          {copied ? texts.copied : texts.copy}
        </button>
        <span className="visually-hidden" role="status">
          {copied ? texts.copied : ""}
        </span>
      </dd>
    </div>
  );
}

export function ServiceUserIdentity({ view, permissions }: { view: ServiceUserView; permissions: WizardScope[] }) {
  const { texts } = view;
  return (
    <aside className="lk-service-user" aria-labelledby="lk-su-title">
      <h3 id="lk-su-title" className="lk-subtitle">
        {texts.title}
      </h3>
      <p className="ui-help">{texts.help}</p>
      <dl className="lk-copy-list">
        <CopyRow label={texts.firstName} copyLabel={texts.copyFirstName} value={view.firstName} texts={texts} />
        <CopyRow label={texts.email} copyLabel={texts.copyEmail} value={view.email} texts={texts} />
      </dl>
      {permissions.length ? (
        <>
          <h4 className="lk-subtitle-small">{texts.permissionsTitle}</h4>
          <ul className="lk-ticklist">
            {permissions.map((p) => (
              <li key={p.id}>{p.permission}</li>
            ))}
          </ul>
        </>
      ) : null}
    </aside>
  );
}

export function ServiceUserState({ view, permissions }: { view: ServiceUserView; permissions: WizardScope[] }) {
  return (
    <>
      <p>{view.texts.stateIntro}</p>
      <Alert tone={view.tone}>
        <p>{view.texts.stateText}</p>
        {view.missingPermissions?.length ? (
          <ul>
            {view.missingPermissions.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        ) : null}
      </Alert>
      <ServiceUserIdentity view={view} permissions={permissions} />
    </>
  );
}
