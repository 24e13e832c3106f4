"use server";
// The vendor's backend: creates a Latchkey connect session for the signed-in customer with
// @latchkey/node. The API key stays on the server.
import { createLatchkeyClient } from "@latchkey/node";

export type SessionResult = { ok: true; token: string } | { ok: false; message: string };

export async function createConnectSession(): Promise<SessionResult> {
  const { LATCHKEY_URL, LATCHKEY_API_KEY } = process.env;
  if (!LATCHKEY_URL || !LATCHKEY_API_KEY) return { ok: false, message: "Set LATCHKEY_URL and LATCHKEY_API_KEY." };
  const latchkey = createLatchkeyClient({ baseUrl: LATCHKEY_URL, apiKey: LATCHKEY_API_KEY });
  // In a real app: the signed-in customer's own id and company name.
  const { data, error } = await latchkey.POST("/api/v1/connect/sessions", {
    body: { end_user: { id: "example-customer-1", name: "Example Customer GmbH" } },
  });
  if (!data) return { ok: false, message: error?.error.message ?? "Latchkey did not create a session." };
  return { ok: true, token: data.token };
}
