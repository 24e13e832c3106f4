// The baseline of `npm run bench:wizard` (issue #5): a bare route with one server-action form,
// under the root layout only (rendered per request, as every page is for its CSP nonce). It exists for the benchmark alone:
// proxy.ts answers 404 for /bench/* unless LATCHKEY_BENCH_ROUTES is on (the bench sets it), and
// the page gets the same headers as every other non-wizard page (framing denied).
import type { Metadata } from "next";
import { submitBaseline } from "./actions";

export const metadata: Metadata = { title: "Baseline" };

export default function BenchBaseline() {
  return (
    <main>
      <h1>Baseline</h1>
      <form action={submitBaseline}>
        <label>
          Name <input name="name" maxLength={60} />
        </label>{" "}
        <button type="submit">Send</button>
      </form>
    </main>
  );
}
