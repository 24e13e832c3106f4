import { ConnectHr } from "./connect-hr";

export const dynamic = "force-dynamic";

export default function Page() {
  return (
    <main>
      <h1>Integrations</h1>
      <p>Link your HR system so that Acme Payroll can read your employees.</p>
      <ConnectHr latchkeyUrl={process.env.LATCHKEY_URL ?? "http://localhost:3000"} />
    </main>
  );
}
