"use client";
// The staff page: every account with its role, sign-in method, last sign-in and state, and what an
// admin may do to it. A generated password is shown once, from the one action response that
// carries it; the page never has more than "has a password or not".
import { useRef, useState, useTransition } from "react";
import {
  addStaffAction,
  changeStaffRoleAction,
  resetStaffPasswordAction,
  setStaffDisabledAction,
  signOutStaffEverywhereAction,
} from "@/app/(dashboard)/dashboard/(app)/staff/actions";
import { DataTable } from "@/components/dashboard/data-table";
import { dict, fmt, formatDate, type DashLang } from "@/components/dashboard/i18n";
import { failureNotice, NoticeLine, resultNotice, SecretOnce, type Notice } from "@/components/dashboard/notice";
import type { StaffDto, StaffRole } from "@/lib/db/queries/staff";

type Confirm = { kind: "disable" | "reset"; member: StaffDto } | null;

export function StaffPanel({ lang, meId, members, ssoAvailable }: { lang: DashLang; meId: string; members: StaffDto[]; ssoAvailable: boolean }) {
  const d = dict(lang);
  const [pending, start] = useTransition();
  const [notice, setNotice] = useState<Notice>(null);
  const [shown, setShown] = useState<{ lead: string; password: string } | null>(null);
  const [confirm, setConfirm] = useState<Confirm>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<StaffRole>("viewer");
  const [method, setMethod] = useState<"password" | "sso">("password");

  const activeAdmins = members.filter((m) => m.role === "admin" && !m.disabledAt);
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
      {shown ? <SecretOnce d={d} lead={shown.lead} value={shown.password} testId="staff-password" /> : null}
      {onlyAdmin ? <p className="dash-alert dash-alert-info">{d.staff.lastAdminNote}</p> : null}

      <section className="dash-section" aria-labelledby="staff-h">
        <h2 id="staff-h">{d.staff.caption}</h2>
        <DataTable
          caption={d.staff.caption}
          headers={[d.staff.person, d.staff.role, d.staff.signIn, d.staff.lastSignIn, d.staff.status, d.staff.actions]}
          empty={members.length ? null : "—"}
        >
          {members.map((m) => {
            const self = m.id === meId;
            return (
              <tr key={m.id} data-testid="staff-row">
                <td>
                  <div>
                    {m.email}
                    {self ? <span className="badge badge-neutral dash-you">{d.staff.you}</span> : null}
                  </div>
                  {m.name ? <div className="dash-sub">{m.name}</div> : null}
                </td>
                <td>
                  <span className={`badge ${m.role === "admin" ? "badge-admin" : "badge-neutral"}`}>{d.role[m.role]}</span>
                </td>
                <td className="dash-sub">{m.ssoOnly ? d.staff.ssoOnly : ssoAvailable ? d.staff.passwordAndSso : d.staff.password}</td>
                <td className="dash-sub">{m.lastSignInAt ? formatDate(lang, m.lastSignInAt) : d.staff.never}</td>
                <td>
                  {m.disabledAt ? (
                    <span className="badge badge-err">{fmt(d.staff.disabledSince, { date: formatDate(lang, m.disabledAt) })}</span>
                  ) : (
                    <span className="badge badge-ok">{d.staff.active}</span>
                  )}
                </td>
                <td>
                  <div className="dash-staff-actions" role="group" aria-label={fmt(d.staff.actionsFor, { email: m.email })}>
                    <button
                      className="btn btn-secondary"
                      type="button"
                      disabled={pending}
                      onClick={() =>
                        act(async () => {
                          const to: StaffRole = m.role === "admin" ? "viewer" : "admin";
                          const r = await changeStaffRoleAction(m.id, to);
                          setNotice(resultNotice(d, r, fmt(d.staff.roleChanged, { email: m.email, role: d.role[to] })));
                        })
                      }
                    >
                      {m.role === "admin" ? d.staff.makeViewer : d.staff.makeAdmin}
                    </button>
                    {m.disabledAt ? (
                      <button
                        className="btn btn-secondary"
                        type="button"
                        disabled={pending}
                        onClick={() =>
                          act(async () => {
                            const r = await setStaffDisabledAction(m.id, false);
                            setNotice(resultNotice(d, r, fmt(d.staff.enabled, { email: m.email })));
                          })
                        }
                      >
                        {d.staff.enable}
                      </button>
                    ) : (
                      <button className="btn btn-danger-outline" type="button" disabled={pending} onClick={() => openConfirm({ kind: "disable", member: m })}>
                        {d.staff.disable}
                      </button>
                    )}
                    {!self ? (
                      <button className="btn btn-secondary" type="button" disabled={pending} onClick={() => openConfirm({ kind: "reset", member: m })}>
                        {d.staff.resetPassword}
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
                            setNotice(resultNotice(d, r, fmt(d.staff.signedOutAll, { email: m.email })));
                          })
                        }
                      >
                        {d.staff.signOutAll}
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
        <h2 id="staff-add-h">{d.staff.add}</h2>
        <form
          className="dash-stack"
          onSubmit={(e) => {
            e.preventDefault();
            act(async () => {
              const r = await addStaffAction({ email, name, role, method });
              if (r.ok) {
                if (r.data.password) setShown({ lead: fmt(d.staff.added, { email: r.data.member.email }), password: r.data.password });
                else setNotice({ tone: "ok", text: fmt(d.staff.addedSso, { email: r.data.member.email }) });
                setEmail("");
                setName("");
              } else setNotice(failureNotice(d, r));
            });
          }}
        >
          <div className="dash-row" style={{ alignItems: "flex-start", gap: 16 }}>
            <div className="dash-field" style={{ flex: 1, minWidth: 240 }}>
              <label htmlFor="st-email">{d.staff.email}</label>
              <input id="st-email" type="email" autoComplete="off" required maxLength={254} value={email} onChange={(e) => setEmail(e.target.value)} />
            </div>
            <div className="dash-field" style={{ flex: 1, minWidth: 200 }}>
              <label htmlFor="st-name">{d.staff.name}</label>
              <input id="st-name" type="text" autoComplete="off" maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
            </div>
            <div className="dash-field">
              <label htmlFor="st-role">{d.staff.role}</label>
              <select id="st-role" value={role} onChange={(e) => setRole(e.target.value === "admin" ? "admin" : "viewer")}>
                <option value="viewer">{d.role.viewer}</option>
                <option value="admin">{d.role.admin}</option>
              </select>
            </div>
          </div>
          <fieldset className="dash-checks" style={{ border: "none", padding: 0, margin: 0 }}>
            <legend className="dash-label">{d.staff.method}</legend>
            <label>
              <input type="radio" name="st-method" value="password" checked={method === "password"} onChange={() => setMethod("password")} />
              {d.staff.methodPassword}
            </label>
            <label>
              <input type="radio" name="st-method" value="sso" checked={method === "sso"} disabled={!ssoAvailable} aria-describedby={ssoAvailable ? undefined : "st-sso-hint"} onChange={() => setMethod("sso")} />
              {d.staff.methodSso}
            </label>
            {ssoAvailable ? null : (
              <small id="st-sso-hint" className="dash-sub">{d.staff.ssoUnavailable}</small>
            )}
          </fieldset>
          <div>
            <button className="btn" type="submit" disabled={pending}>{d.staff.addSubmit}</button>
          </div>
        </form>
      </section>

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
                  setNotice(resultNotice(d, r, fmt(d.staff.disabled, { email: c.member.email })));
                } else {
                  const r = await resetStaffPasswordAction(c.member.id);
                  if (r.ok) setShown({ lead: fmt(d.staff.passwordShown, { email: c.member.email }), password: r.data.password });
                  else setNotice(failureNotice(d, r));
                }
                dialog.current?.close();
              });
            }}
          >
            <h2 id="staff-dlg-h" style={{ fontSize: "1.1rem" }}>
              {fmt(confirm.kind === "disable" ? d.staff.disableTitle : d.staff.resetTitle, { email: confirm.member.email })}
            </h2>
            <p style={{ margin: 0 }}>{confirm.kind === "disable" ? d.staff.disableBody : d.staff.resetBody}</p>
            <div className="dash-row" style={{ justifyContent: "flex-end" }}>
              <button className="btn btn-secondary" type="button" onClick={() => dialog.current?.close()}>{d.common.cancel}</button>
              <button className={confirm.kind === "disable" ? "btn btn-danger" : "btn"} type="submit" disabled={pending}>
                {confirm.kind === "disable" ? d.staff.disableConfirm : d.staff.resetConfirm}
              </button>
            </div>
          </form>
        ) : null}
      </dialog>
    </>
  );
}
