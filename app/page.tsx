import Link from "next/link";
import { getEnv } from "@/lib/env";
import { listProviders } from "@/lib/providers";

export const dynamic = "force-dynamic";

export default function Home() {
  const names = listProviders().map((p) => p.name);
  const env = getEnv();
  return (
    <main className="container">
      <div className="card">
        <h1>Latchkey</h1>
        <p className="muted">
          The connection flow and credential vault for HR systems. Your customers link {names.slice(0, -1).join(", ")}
          {" "}or {names.at(-1)} in a guided wizard; Latchkey checks every permission, seals the credentials and hands the connection
          to your sync backend.
        </p>
        <ul>
          {env.demo ? (
            <li>
              <a href={`${env.demoHostUrl}/demo`}>Open the demo host page</a> (a vendor&apos;s app embedding the wizard)
            </li>
          ) : null}
          <li>
            <Link href="/dashboard">Support dashboard</Link>
          </li>
          <li>
            <Link href="/api/health">Health</Link>
          </li>
        </ul>
      </div>
    </main>
  );
}
