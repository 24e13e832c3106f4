// The sandbox providers' documented test credentials, for people trying the demo: each row says
// what a check with it reports. They open only the built-in simulators.
import { CopyButton } from "@/components/demo/copy-button";
import { listProviders } from "@/lib/providers";
import { providerText } from "@/lib/providers/text";
import { listSandboxCredentials } from "@/lib/sandbox/credentials";
import styles from "./demo-host.module.css";

export function SandboxCredentials() {
  return (
    <section className={styles.card} aria-labelledby="sandbox-heading">
      <h2 id="sandbox-heading">Sandbox test credentials</h2>
      <p className={styles.hint}>
        In demo mode Latchkey talks to built-in simulators of each HR system. Paste one of these into the wizard to see each outcome: a success, wrong
        credentials, a missing permission and its fix, a provider that is down.
      </p>
      {listProviders().map((p) => {
        const creds = listSandboxCredentials(p.id);
        const meta = p.fieldMeta as Record<string, { label: string }>;
        const label = (field: string) => (meta[field] ? providerText(p.id, meta[field].label).en : field);
        return (
          <details key={p.id} className={styles.provider} open={p.id === "hrworks"}>
            <summary>{p.name}</summary>
            {creds.length === 0 ? (
              <p className={styles.hint}>
                Nothing to paste: {p.name} works with a service user that the wizard tells you to invite; the sandbox accepts the invitation by itself.
              </p>
            ) : (
              <table className={styles.creds}>
                <thead>
                  <tr>
                    <th scope="col">Credential</th>
                    <th scope="col">Values</th>
                    <th scope="col">Result</th>
                  </tr>
                </thead>
                <tbody>
                  {creds.map((c) => (
                    <tr key={c.label}>
                      <td>
                        <strong>{c.label}</strong>
                        <br />
                        <span className={styles.hint}>{c.description}</span>
                      </td>
                      <td>
                        {Object.entries(c.values).map(([field, value]) => (
                          <div key={field} className={styles.field}>
                            <span>{label(field)}:</span> <code>{value}</code>
                            <CopyButton value={value} label={`${c.label}: ${label(field)}`} />
                          </div>
                        ))}
                      </td>
                      <td>
                        <code>{c.expect.outcome}</code>
                        {c.expect.missing?.length ? <span className={styles.hint}> ({c.expect.missing.join(", ")})</span> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </details>
        );
      })}
    </section>
  );
}
