"use client";
// Follows an OAuth consent attempt on the server while the wizard waits (issue 17), for when the
// callback page cannot tell the wizard itself (a new tab, a provider page that severs the opener):
// oauthAttempt with the live views' backoff (components/live), paused while the tab is hidden and
// asked again the moment it is shown, until the callback has decided. Loaded lazily by
// components/connect/oauth.tsx, so react-query is not part of the wizard's first screen.
import { useEffect } from "react";
import { oauthAttempt } from "@/app/(connect)/connect/[token]/actions";
import { LiveQueries, useLiveQuery } from "@/components/live/live-query";
import type { OAuthOutcomeView } from "./oauth-message";
import type { WizardActionResult } from "./types";

type Props = { token: string; lang: string; attemptId: string; onOutcome: (outcome: OAuthOutcomeView) => void };

function Watch({ token, lang, attemptId, onOutcome }: Props) {
  const { data } = useLiveQuery<WizardActionResult<OAuthOutcomeView | null>>({
    queryKey: ["connect", "oauth-attempt", token, attemptId],
    queryFn: () => oauthAttempt(token, attemptId, lang),
    initialData: { ok: true, data: null },
    // A refused session (withdrawn, unknown) cannot decide the attempt any more: stop asking.
    isFinal: (r) => !r.ok || r.data !== null,
  });
  useEffect(() => {
    if (data.ok && data.data) onOutcome(data.data);
  }, [data, onOutcome]);
  return null;
}

export default function OAuthAttemptWatch(props: Props) {
  return (
    <LiveQueries>
      <Watch {...props} />
    </LiveQueries>
  );
}
