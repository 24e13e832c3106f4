"use client";
// The service user's state, kept current while it is open (issue 17): it asks the server
// (serviceUserStatus, authorized like the page) with the live views' backoff until the state is
// final. Loaded lazily by the wizard (components/connect/wizard.tsx), so react-query is not part of
// the wizard's first screen. A session withdrawn meanwhile ends it with the page's own message.
import { useEffect } from "react";
import { serviceUserStatus } from "@/app/(connect)/connect/[token]/actions";
import { Alert } from "@/components/ui";
import { LiveQueries, useLiveQuery } from "@/components/live/live-query";
import { ServiceUserState } from "./service-user";
import type { ServiceUserView, WizardActionResult, WizardScope } from "./types";

/** Answers after which nothing the view shows can change. */
const ENDS = new Set(["not_found", "session_used", "session_revoked", "session_expired"]);

type Props = { token: string; lang: string; view: ServiceUserView; permissions: WizardScope[]; onView: (view: ServiceUserView) => void };

function Live({ token, lang, view, permissions, onView }: Props) {
  const { data } = useLiveQuery<WizardActionResult<ServiceUserView>>({
    queryKey: ["connect", "service-user", token],
    queryFn: () => serviceUserStatus(token, lang),
    initialData: { ok: true, data: view },
    isFinal: (r) => (r.ok ? !!r.data.final : ENDS.has(r.code)),
  });
  // The wizard keeps the view (its heading is the state's title); a passing failure (rate limit,
  // database away) keeps the last one shown.
  useEffect(() => {
    if (data.ok && data.data !== view) onView(data.data);
  }, [data, view, onView]);
  if (!data.ok && ENDS.has(data.code))
    return (
      <Alert tone="warning">
        <p data-testid="service-user-ended">{data.message}</p>
      </Alert>
    );
  return <ServiceUserState view={view} permissions={permissions} />;
}

export default function LiveServiceUserState(props: Props) {
  return (
    <LiveQueries>
      <Live {...props} />
    </LiveQueries>
  );
}
