"use client";
// The staff page: every account with its role, sign-in method, last sign-in and state, and what an
// admin may do to it. A generated password is shown once, from the one action response that
// carries it; the page never has more than "has a password or not".
import { useRef, useState, useTransition } from "react";
import {
  addStaffAction,
  changeStaffRoleAction,
  resetStaffPasswordAction,
  setStaffAccessAction,
  setStaffDisabledAction,
  signOutStaffEverywhereAction,
} from "@/app/(dashboard)/dashboard/(app)/staff/actions";
import { DataTable } from "@/components/dashboard/data-table";
import { failureNotice, NoticeLine, resultNotice, SecretOnce, type Notice } from "@/components/dashboard/notice";
import type { StaffDto, StaffRole } from "@/lib/db/queries/staff";
import { useTranslations } from "next-intl";
import { formatDateTime } from "@/lib/i18n/format";
import type { Lang } from "@/lib/providers/types";

type Confirm = { kind: "disable" | "reset"; member: StaffDto } | null;
/** The access being edited: role and workspaces (null: every workspace). */
type Access = { member: StaffDto; role: StaffRole; workspaceIds: string[] | null } | null;

/** "All workspaces" or a chosen set, as checkboxes (the add form and the access dialog). */
function ScopePicker({
  idPrefix,
  value,
  onChange,
  workspaces,
  t,
}: {
  idPrefix: string;
  value: string[] | null;
  onChange: (v: string[] | null) => void;
  workspaces: Array<{ id: string; name: string }>;
  t: ReturnType<typeof useTranslations<"dashboard">>;
}) {
  return (
    <fieldset className="dash-checks" style={{ border: "none", padding: 0, margin: 0 }} data-testid={`${idPrefix}-scope`}>
      <legend className="dash-label">{t("staff.workspacesFieldset")}</legend>
      <label>
        <input type="radio" name={`${idPrefix}-scope-kind`} checked={value === null} onChange={() => onChange(null)} />
        {t("staff.allWorkspaces")}
      </label>
      <label>
        <input type="radio" name={`${idPrefix}-scope-kind`} checked={value !== null} onChange={() => onChange(value ?? [])} />
        {t("staff.onlyThese")}
      </label>
      {value !== null ? (
        <div className="dash-checks" style={{ paddingLeft: 24 }}>
          {workspaces.map((w) => (
            <label key={w.id}>
              <input
                type="checkbox"
                value={w.id}
                checked={value.includes(w.id)}
                onChange={(e) => onChange(e.target.checked ? [...value, w.id] : value.filter((id) => id !== w.id))}
              />
              {w.name}
            </label>
          ))}
        </div>
      ) : null}
    </fieldset>
  );
}

/** The roles in rank order (lib/db/queries/staff.ts staffRoles; not imported: that module is server code). */
const staffRoles = ["viewer", "support", "admin"] as const satisfies readonly StaffRole[];
const MAKE_ROLE = { viewer: "staff.makeViewer", support: "staff.makeSupport", admin: "staff.makeAdmin" } as const;

export function StaffPanel({
  lang,
  meId,
  members,
  workspaces,
  ssoAvailable,
}: {
  lang: Lang;
  meId: string;
  members: StaffDto[];
  workspaces: Array<{ id: string; name: string }>;
  ssoAvailable: boolean;
}) {
  const t = useTranslations("dashboard");
  const [pending, start] = useTransition();
  const [notice, setNotice] = useState<Notice>(null);
  const [shown, setShown] = useState<{ lead: string; password: string } | null>(null);
  const [confirm, setConfirm] = useState<Confirm>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<StaffRole>("viewer");
  const [method, setMethod] = useState<"password" | "sso">("password");
  /** null = every workspace, else the chosen workspaces' ids. */
  const [scope, setScope] = useState<string[] | null>(null);
  const [access, setAccess] = useState<Access>(null);
  const accessDialog = useRef<HTMLDialogElement>(null);
  const wsName = new Map(workspaces.map((w) => [w.id, w.name]));
  const scopeText = (ids: string[] | null) => (ids === null ? t("staff.allWorkspaces") : ids.map((id) => wsName.get(id) ?? id).join(", "));

  const activeAdmins = members.filter((m) => m.role === "admin" && m.workspaceIds === null && !m.disabledAt);
  const onlyAdmin = activeAdmins.length === 1 && activeAdmins[0]!.id === meId;

  const act = (work: () => Promise<void>) =>
    start(async () => {
      setNotice(null);
      setShown(null);
      await work();
    });

  const openConfirm = (c: NonNullable<Confirm>) => {
    setConfirm(c);
    dialog.current?.showModal();
  };

  return (
    <>
      <NoticeLine notice={notice} />
      {shown ? <SecretOnce t={t} lead={shown.lead} value={shown.password} testId="staff-password" /> : null}
      {onlyAdmin ? <p className="dash-alert dash-alert-info">{t("staff.lastAdminNote")}</p> : null}

      <section className="dash-section" aria-labelledby="staff-h">
        <h2 id="staff-h">{t("staff.caption")}</h2>
        <DataTable
          caption={t("staff.caption")}
          headers={[t("staff.person"), t("staff.role"), t("staff.scope"), t("staff.signIn"), t("staff.lastSignIn"), t("staff.status"), t("staff.actions")]}
          empty={members.length ? null : "—"}
        >
          {members.map((m) => {
            const self = m.id === meId;
            return (
              <tr key={m.id} data-testid="staff-row">
                <td>
                  <div>
                    {m.email}
                    {self ? <span className="badge badge-neutral dash-you">{t("staff.you")}</span> : null}
                  </div>
                  {m.name ? <div className="dash-sub">{m.name}</div> : null}
                </td>
                <td>
                  <span className={`badge ${m.role === "admin" ? "badge-admin" : "badge-neutral"}`}>{t(`role.${m.role}`)}</span>
                </td>
                <td className="dash-sub" data-testid="staff-scope">{scopeText(m.workspaceIds)}</td>
                <td className="dash-sub">{m.ssoOnly ? t("staff.ssoOnly") : ssoAvailable ? t("staff.passwordAndSso") : t("staff.password")}</td>
                <td className="dash-sub">{m.lastSignInAt ? formatDateTime(lang, m.lastSignInAt) : t("staff.never")}</td>
                <td>
                  {m.disabledAt ? (
                    <span className="badge badge-err">{t("staff.disabledSince", { date: formatDateTime(lang, m.disabledAt) })}</span>
                  ) : (
                    <span className="badge badge-ok">{t("staff.active")}</span>
                  )}
                </td>
                <td>
                  <div className="dash-staff-actions" role="group" aria-label={t("staff.actionsFor", { email: m.email })}>
                    <button
                      className="btn btn-secondary"
                      type="button"
                      disabled={pending}
                      onClick={() => {
                        setAccess({ member: m, role: m.role, workspaceIds: m.workspaceIds });
                        accessDialog.current?.showModal();
                      }}
                    >
                      {t("staff.editAccess")}
                    </button>
                    {staffRoles
                      .filter((to) => to !== m.role)
                      .map((to) => (
                        <button
                          key={to}
                          className="btn btn-secondary"
                          type="button"
                          disabled={pending}
                          onClick={() =>
                            act(async () => {
                              const r = await changeStaffRoleAction(m.id, to);
                              setNotice(resultNotice(t, lang, r, t("staff.roleChanged", { email: m.email, role: t(`role.${to}`) })));
                            })
                          }
                        >
                          {t(MAKE_ROLE[to])}
                        </button>
                      ))}
                    {m.disabledAt ? (
                      <button
                        className="btn btn-secondary"
                        type="button"
                        disabled={pending}
                        onClick={() =>
                          act(async () => {
                            const r = await setStaffDisabledAction(m.id, false);
                            setNotice(resultNotice(t, lang, r, t("staff.enabled", { email: m.email })));
                          })
                        }
                      >
                        {t("staff.enable")}
                      </button>
                    ) : (
                      <button className="btn btn-danger-outline" type="button" disabled={pending} onClick={() => openConfirm({ kind: "disable", member: m })}>
                        {t("staff.disable")}
                      </button>
                    )}
                    {!self ? (
                      <button className="btn btn-secondary" type="button" disabled={pending} onClick={() => openConfirm({ kind: "reset", member: m })}>
                        {t("staff.resetPassword")}
                      </button>
                    ) : null}
                    {!self && !m.disabledAt ? (
                      <button
                        className="btn btn-secondary"
                        type="button"
                        disabled={pending}
                        onClick={() =>
                          act(async () => {
                            const r = await signOutStaffEverywhereAction(m.id);
                            setNotice(resultNotice(t, lang, r, t("staff.signedOutAll", { email: m.email })));
                          })
                        }
                      >
                        {t("staff.signOutAll")}
                      </button>
                    ) : null}
                  </div>
                </td>
              </tr>
            );
          })}
        </DataTable>
      </section>

      <section className="dash-section" aria-labelledby="staff-add-h">
        <h2 id="staff-add-h">{t("staff.add")}</h2>
        <form
          className="dash-stack"
          onSubmit={(e) => {
            e.preventDefault();
            act(async () => {
              const r = await addStaffAction({ email, name, role, method, workspaceIds: scope });
              if (r.ok) {
                if (r.data.password) setShown({ lead: t("staff.added", { email: r.data.member.email }), password: r.data.password });
                else setNotice({ tone: "ok", text: t("staff.addedSso", { email: r.data.member.email }) });
                setEmail("");
                setName("");
              } else setNotice(failureNotice(t, lang, r));
            });
          }}
        >
          <div className="dash-row" style={{ alignItems: "flex-start", gap: 16 }}>
            <div className="dash-field" style={{ flex: 1, minWidth: 240 }}>
              <label htmlFor="st-email">{t("staff.email")}</label>
              <input id="st-email" type="email" autoComplete="off" required maxLength={254} value={email} onChange={(e) => setEmail(e.target.value)} />
            </div>
            <div className="dash-field" style={{ flex: 1, minWidth: 200 }}>
              <label htmlFor="st-name">{t("staff.name")}</label>
              <input id="st-name" type="text" autoComplete="off" maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
            </div>
            <div className="dash-field">
              <label htmlFor="st-role">{t("staff.role")}</label>
              <select id="st-role" value={role} onChange={(e) => setRole(staffRoles.find((r) => r === e.target.value) ?? "viewer")}>
                {staffRoles.map((r) => (
                  <option key={r} value={r}>{t(`role.${r}`)}</option>
                ))}
              </select>
            </div>
          </div>
          <ScopePicker idPrefix="st-add" value={scope} onChange={setScope} workspaces={workspaces} t={t} />
          <fieldset className="dash-checks" style={{ border: "none", padding: 0, margin: 0 }}>
            <legend className="dash-label">{t("staff.method")}</legend>
            <label>
              <input type="radio" name="st-method" value="password" checked={method === "password"} onChange={() => setMethod("password")} />
              {t("staff.methodPassword")}
            </label>
            <label>
              <input type="radio" name="st-method" value="sso" checked={method === "sso"} disabled={!ssoAvailable} aria-describedby={ssoAvailable ? undefined : "st-sso-hint"} onChange={() => setMethod("sso")} />
              {t("staff.methodSso")}
            </label>
            {ssoAvailable ? null : (
              <small id="st-sso-hint" className="dash-sub">{t("staff.ssoUnavailable")}</small>
            )}
          </fieldset>
          <div>
            <button className="btn" type="submit" disabled={pending}>{t("staff.addSubmit")}</button>
          </div>
        </form>
      </section>

      <dialog ref={accessDialog} className="dash-dialog" aria-labelledby="staff-access-h" onClose={() => setAccess(null)}>
        {access ? (
          <form
            className="dash-stack"
            onSubmit={(e) => {
              e.preventDefault();
              const a = access;
              act(async () => {
                const r = await setStaffAccessAction(a.member.id, { role: a.role, workspaceIds: a.workspaceIds });
                setNotice(resultNotice(t, lang, r, t("staff.accessChanged", { email: a.member.email, role: t(`role.${a.role}`), scope: scopeText(a.workspaceIds) })));
                accessDialog.current?.close();
              });
            }}
          >
            <h2 id="staff-access-h" style={{ fontSize: "1.1rem" }}>{t("staff.accessTitle", { email: access.member.email })}</h2>
            <p style={{ margin: 0 }}>{t("staff.accessBody")}</p>
            <div className="dash-field">
              <label htmlFor="st-access-role">{t("staff.role")}</label>
              <select id="st-access-role" value={access.role} onChange={(e) => setAccess({ ...access, role: staffRoles.find((r) => r === e.target.value) ?? access.role })}>
                {staffRoles.map((r) => (
                  <option key={r} value={r}>{t(`role.${r}`)}</option>
                ))}
              </select>
            </div>
            <ScopePicker idPrefix="st-access" value={access.workspaceIds} onChange={(v) => setAccess({ ...access, workspaceIds: v })} workspaces={workspaces} t={t} />
            <div className="dash-row" style={{ justifyContent: "flex-end" }}>
              <button className="btn btn-secondary" type="button" onClick={() => accessDialog.current?.close()}>{t("common.cancel")}</button>
              <button className="btn" type="submit" disabled={pending}>{t("staff.accessSave")}</button>
            </div>
          </form>
        ) : null}
      </dialog>

      <dialog ref={dialog} className="dash-dialog" aria-labelledby="staff-dlg-h" onClose={() => setConfirm(null)}>
        {confirm ? (
          <form
            className="dash-stack"
            onSubmit={(e) => {
              e.preventDefault();
              const c = confirm;
              act(async () => {
                if (c.kind === "disable") {
                  const r = await setStaffDisabledAction(c.member.id, true);
                  setNotice(resultNotice(t, lang, r, t("staff.disabled", { email: c.member.email })));
                } else {
                  const r = await resetStaffPasswordAction(c.member.id);
                  if (r.ok) setShown({ lead: t("staff.passwordShown", { email: c.member.email }), password: r.data.password });
                  else setNotice(failureNotice(t, lang, r));
                }
                dialog.current?.close();
              });
            }}
          >
            <h2 id="staff-dlg-h" style={{ fontSize: "1.1rem" }}>
              {t(confirm.kind === "disable" ? "staff.disableTitle" : "staff.resetTitle", { email: confirm.member.email })}
            </h2>
            <p style={{ margin: 0 }}>{confirm.kind === "disable" ? t("staff.disableBody") : t("staff.resetBody")}</p>
            <div className="dash-row" style={{ justifyContent: "flex-end" }}>
              <button className="btn btn-secondary" type="button" onClick={() => dialog.current?.close()}>{t("common.cancel")}</button>
              <button className={confirm.kind === "disable" ? "btn btn-danger" : "btn"} type="submit" disabled={pending}>
                {confirm.kind === "disable" ? t("staff.disableConfirm") : t("staff.resetConfirm")}
              </button>
            </div>
          </form>
        ) : null}
      </dialog>
    </>
  );
}
