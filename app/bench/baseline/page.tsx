// The baseline of `npm run bench:wizard` (issue #5): a bare route with one server-action form,
// under the root layout only, measured beside the wizard against the same server. It exists for
// the benchmark alone: 404 unless LATCHKEY_BENCH_ROUTES is on (the bench sets it), and it gets the
// same headers as every other non-wizard page (proxy.ts: framing denied).
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getEnv } from "@/lib/env";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Baseline" };

async function submit(): Promise<void> {
  "use server";
  // An action is reachable by its id whatever its page says, so it checks the switch too. It does nothing.
  if (!getEnv().LATCHKEY_BENCH_ROUTES) notFound();
}

export default function BenchBaseline() {
  if (!getEnv().LATCHKEY_BENCH_ROUTES) notFound();
  return (
    <main>
      <h1>Baseline</h1>
      <form action={submit}>
        <label>
          Name <input name="name" maxLength={60} />
        </label>{" "}
        <button type="submit">Send</button>
      </form>
    </main>
  );
}
