"use client";
import { useEffect, useRef } from "react";
import { Alert } from "@/components/ui";
import { reportShown } from "@/app/(connect)/connect/[token]/actions";
import { hostMessenger, whenShown } from "@/lib/connect/host";
import { useDocumentLang } from "./use-document-lang";

/** A link that cannot be used (unknown, expired, used): say so and tell the host page. `token`: set
 *  when prepared hidden (connect.js's prepareConnect), whose error is recorded only once shown. */
export function SessionProblem({ code, title, message, allowedOrigins, token = null }: { code: string; title: string; message: string; allowedOrigins: string[]; token?: string | null }) {
  const sent = useRef(false);
  useDocumentLang();
  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    const host = hostMessenger(allowedOrigins);
    host.ready();
    host.error(code, message);
  }, [code, message, allowedOrigins]);
  useEffect(() => {
    if (token) return whenShown(true, allowedOrigins, () => void reportShown(token).catch(() => {}));
  }, [token, allowedOrigins]);
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
