// The demo host page: a made-up vendor app ("Acme Payroll") that embeds the wizard from another
// origin (the demo port), the way a real vendor would. Demo mode only.
import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { DemoHost } from "@/components/demo/demo-host";
import { SandboxCredentials } from "@/components/demo/sandbox-credentials";
import { getEnv } from "@/lib/env";
import { listProviders } from "@/lib/providers";
import styles from "./demo.module.css";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Acme Payroll · Integrations (Latchkey demo)" };

const nav = ["Dashboard", "Employees", "Payroll runs", "Reports", "Integrations", "Settings"];

export default async function DemoPage() {
  const env = getEnv();
  if (!env.demo) notFound();
  // The point is a second origin: on the app's own port the page would frame itself.
  const host = (await headers()).get("host") ?? "";
  if (host.endsWith(`:${env.PORT}`) && env.PORT !== env.LATCHKEY_DEMO_PORT) redirect(`${env.demoHostUrl}/demo`);

  const providers = listProviders().map((p) => ({ id: p.id, name: p.name }));
  return (
    <div className={styles.app}>
      <header className={styles.topbar}>
        <span className={styles.logo} aria-hidden="true">A</span>
        <span className={styles.brand}>Acme Payroll</span>
        <span className={styles.demoBadge}>Demo vendor app · {env.demoHostUrl}</span>
      </header>
      <div className={styles.body}>
        <nav className={styles.sidebar} aria-label="Acme Payroll">
          <ul>
            {nav.map((n) => (
              <li key={n}>
                <a href="#" aria-current={n === "Integrations" ? "page" : undefined} className={n === "Integrations" ? styles.active : undefined}>
                  {n}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <main className={styles.main}>
          <p className={styles.crumbs}>
            Settings <span aria-hidden="true">›</span> Integrations
          </p>
          <h1>Connect your HR system</h1>
          <p className={styles.lead}>
            Acme Payroll reads your employees and absences from your HR system every night, so payroll is always up to date. Connecting takes about two
            minutes; you need admin access to your HR system.
          </p>
          <DemoHost latchkeyOrigin={env.publicUrl} providers={providers} />
          <SandboxCredentials />
        </main>
      </div>
    </div>
  );
}
