import Link from "next/link";
import { getEnv } from "@/lib/env";

export const dynamic = "force-dynamic";

export default function Home() {
  const env = getEnv();
  return (
    <main className="container">
      <div className="card">
        <h1>Latchkey</h1>
        <p className="muted">
          The connection flow and credential vault for HR systems. Your customers link HR WORKS, Personio, Access People HR
          or Justworks in a guided wizard; Latchkey checks every permission, seals the credentials and hands the connection
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
