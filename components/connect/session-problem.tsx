"use client";
import { useEffect, useRef } from "react";
import { Alert } from "@/components/ui";
import { hostMessenger } from "@/lib/connect/host";
import { useDocumentLang } from "./use-document-lang";

/** A link that cannot be used (unknown, expired, used): say so and tell the host page. */
export function SessionProblem({ code, title, message, allowedOrigins }: { code: string; title: string; message: string; allowedOrigins: string[] }) {
  const sent = useRef(false);
  useDocumentLang();
  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    const host = hostMessenger(allowedOrigins);
    host.ready();
    host.error(code, message);
  }, [code, message, allowedOrigins]);
  return (
    <section className="lk-step" aria-labelledby="lk-problem-title">
      <h2 id="lk-problem-title" className="lk-step-title">
        {title}
      </h2>
      <Alert tone="error" live={false}>
        <p>{message}</p>
      </Alert>
    </section>
  );
}
