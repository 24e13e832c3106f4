"use client";
// A failed step's message, focused for screen readers; shared by the wizard and the result view
// (its own file so that neither imports the other).
import { useEffect, useRef } from "react";
import { Alert } from "@/components/ui";
import { useTranslations } from "next-intl";

/** `retryAt`: when the attempt may be repeated (epoch ms), for the countdown beside "Test again". */
export type Failure = { code: string; message: string; retryAfterSeconds?: number; retryAt?: number; fieldErrors?: Record<string, string[]> };

export function FailureAlert({ failure }: { failure: Failure }) {
  const t = useTranslations("connect");
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [failure]);
  return (
    <Alert ref={ref} tone="error">
      <p>{failure.message}</p>
      {failure.retryAfterSeconds && !/\d/.test(failure.message) ? <p>{t("errors.retryIn", { seconds: failure.retryAfterSeconds })}</p> : null}
    </Alert>
  );
}
