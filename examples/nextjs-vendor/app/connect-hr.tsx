"use client";
// The vendor's integrations screen: a session is created when the page opens, so that the wizard
// preloads and "Connect" shows it at once.
import { useLatchkeyConnect } from "@latchkey/react";
import { useEffect, useState } from "react";
import { createConnectSession } from "./actions";

export function ConnectHr({ latchkeyUrl }: { latchkeyUrl: string }) {
  const [token, setToken] = useState<string | null>(null);
  const [status, setStatus] = useState("Not connected");
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void createConnectSession().then((r) => (r.ok ? setToken(r.token) : setError(r.message)));
  }, []);

  const latchkey = useLatchkeyConnect({
    token,
    origin: latchkeyUrl,
    onSuccess: ({ connectionId, provider }) => setStatus(`Connected: ${provider} (${connectionId})`),
  });

  return (
    <section>
      <p role="status">{status}</p>
      {error ? <p role="alert">{error}</p> : null}
      <button type="button" onClick={latchkey.open} disabled={!token}>
        Connect your HR system
      </button>
      <p>{latchkey.ready ? "The wizard is ready." : "Preparing the wizard…"}</p>
    </section>
  );
}
