"use client";
// The demo vendor's integrations screen: asks its backend for a session and opens the Latchkey modal
// with @latchkey/react (packages/react), as a vendor's React app would, and shows every event the
// wizard sends.
import { useLatchkeyConnect, type ConnectEvent } from "@latchkey/react";
import { useCallback, useEffect, useState } from "react";
import { createDemoSession, deleteDemoConnection, listDemoConnections, type DemoConnection } from "@/app/(demo)/demo/actions";
import { isLang, languageNames, languages, type Lang } from "@/lib/i18n/languages";
import styles from "./demo-host.module.css";

type LogEntry = { n: number; at: string; kind: string; detail: string };

export function DemoHost({ latchkeyOrigin, providers }: { latchkeyOrigin: string; providers: Array<{ id: string; name: string }> }) {
  const [busy, setBusy] = useState(false);
  const [language, setLanguage] = useState<Lang>("en");
  const [provider, setProvider] = useState("all");
  const [access, setAccess] = useState<"hr" | "hr_ats">("hr");
  const [error, setError] = useState<string | null>(null);
  const [log, setLog] = useState<LogEntry[]>([]);
  const [connections, setConnections] = useState<DemoConnection[] | null>(null);
  const [token, setToken] = useState<string | null>(null);

  const push = useCallback((kind: string, detail: unknown) => {
    setLog((l) => [{ n: (l[0]?.n ?? 0) + 1, at: new Date().toLocaleTimeString(), kind, detail: JSON.stringify(detail) }, ...l].slice(0, 50));
  }, []);

  const refresh = useCallback(async () => {
    const r = await listDemoConnections();
    if (r.ok) setConnections(r.data);
  }, []);

  const latchkey = useLatchkeyConnect({
    token,
    origin: latchkeyOrigin,
    language,
    onEvent: (m: ConnectEvent) => push(`event: ${m.type}`, m),
    onSuccess: (c) => {
      push("onSuccess", c);
      void refresh();
    },
    onClose: (info) => {
      push("onClose", info);
      // Each click starts a new session, as a vendor's backend would.
      setToken(null);
      void refresh();
    },
  });

  useEffect(() => {
    // Loading the list is an external sync (the vendor's backend), not derived state.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void refresh();
  }, [refresh]);

  async function connect() {
    setBusy(true);
    setError(null);
    const r = await createDemoSession({ language, provider: provider as "all", access, userId: "acme-customer-1" });
    setBusy(false);
    if (!r.ok) {
      setError(r.message);
      return;
    }
    push("session created", { expires_at: r.data.expires_at });
    setToken(r.data.token);
    latchkey.open();
  }

  async function remove(id: string) {
    const r = await deleteDemoConnection(id);
    push(r.ok ? "connection deleted" : "delete failed", r.ok ? { id } : { id, error: r.message });
    void refresh();
  }

  const names = Object.fromEntries(providers.map((p) => [p.id, p.name]));
  return (
    <>
      <section className={styles.card} aria-labelledby="connect-heading">
        <h2 id="connect-heading">HR system</h2>
        <div className={styles.row}>
          <label>
            Language
            <select value={language} onChange={(e) => setLanguage(isLang(e.target.value) ? e.target.value : "en")}>
              {languages.map((l) => (
                <option key={l} value={l} lang={l}>
                  {languageNames[l]}
                </option>
              ))}
            </select>
          </label>
          <label>
            Offer
            <select value={provider} onChange={(e) => setProvider(e.target.value)}>
              <option value="all">All HR systems</option>
              {providers.map((p) => (
                <option key={p.id} value={p.id}>
                  Only {p.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Access
            <select value={access} onChange={(e) => setAccess(e.target.value === "hr_ats" ? "hr_ats" : "hr")}>
              <option value="hr">HR data (each system&apos;s defaults)</option>
              <option value="hr_ats">HR data and applicant tracking</option>
            </select>
          </label>
          {/* Not `disabled` while busy: disabling the focused button would drop focus to the page. */}
          <button type="button" className={styles.primary} onClick={() => void (busy || latchkey.isOpen ? undefined : connect())} aria-busy={busy}>
            {busy ? "Starting…" : "Connect your HR system"}
          </button>
        </div>
        {error ? (
          <p role="alert" className={styles.error}>
            {error}
          </p>
        ) : null}
        <p className={styles.hint}>
          The modal is Latchkey&apos;s wizard at <code>{latchkeyOrigin}</code>, framed by this page at a different origin.
        </p>
      </section>

      <section className={styles.card} aria-labelledby="connections-heading">
        <h2 id="connections-heading">Connected systems</h2>
        {connections === null ? (
          <p className={styles.hint}>Loading…</p>
        ) : connections.length === 0 ? (
          <p className={styles.hint}>Nothing connected yet.</p>
        ) : (
          <ul className={styles.list} aria-label="Connected systems">
            {connections.map((c) => (
              <li key={c.id}>
                <strong>{names[c.provider] ?? c.provider}</strong> {c.account_label ? `· ${c.account_label}` : ""} <span className={styles.status}>{c.status}</span>
                <code>{c.id}</code>
                <button type="button" className={styles.link} onClick={() => void remove(c.id)}>
                  Disconnect
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className={styles.card} aria-labelledby="events-heading">
        <h2 id="events-heading">Events received from the wizard</h2>
        <p className={styles.hint}>What @latchkey/react passed to this page&apos;s callbacks (onEvent, onSuccess, onClose), newest first.</p>
        <ol className={styles.events} aria-label="Events received" aria-live="polite">
          {log.map((e) => (
            <li key={e.n}>
              <span className={styles.time}>{e.at}</span> <strong>{e.kind}</strong> <code>{e.detail}</code>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
