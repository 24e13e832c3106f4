// The wizard's page: /connect/<token>. The only framable route (see proxy.ts); no cookies are
// read or set. The token is in the path, so the server logs mask it (scripts/serve.ts).
import type { Metadata } from "next";
import { headers } from "next/headers";
import { after } from "next/server";
import { IntlProvider } from "@/components/connect/intl-provider";
import { SessionProblem } from "@/components/connect/session-problem";
import { Wizard } from "@/components/connect/wizard";
import { recordSessionEvent, sessionErrorMessages, type SessionErrorCode } from "@/lib/connect/session";
import type { Workspace } from "@/lib/db/schema";
import { getDb } from "@/lib/db";
import { isLang, messagesFor, pickMessages, serverTranslator } from "@/lib/i18n";
import { getLogger } from "@/lib/log";
import { getProvider } from "@/lib/providers";
import { getServiceUserFlow } from "@/lib/providers/flows";
import { getSessionConnection, oauthRoutesFor, openingEvent, serviceUserViewOf, loadSessionState, toWizardProvider, wizardConfig, type OpeningEvent } from "./load";
import { WizardShell } from "./shell";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Connect your HR system",
  referrer: "no-referrer",
};

const notRecorded = (e: unknown) => getLogger().warn({ err: { name: (e as Error).name } }, "session event not recorded");

export default async function ConnectPage({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: Promise<{ lang?: string | string[]; prepared?: string | string[] }> }) {
  const { token } = await params;
  const { lang: langParam, prepared: preparedParam } = await searchParams;
  // prepared=1: connect.js's prepareConnect loads this hidden; it counts as opened only when shown
  // (the wizard then calls reportShown), so the page records nothing.
  const prepared = preparedParam === "1";
  const h = await headers();
  const db = getDb();
  // ?lang= is connect.js's `language` option: below the session's own language, above the browser's.
  const state = await loadSessionState(db, token, h.get("accept-language"), isLang(langParam) ? langParam : null);
  const lang = state.lang;
  const messages = pickMessages(messagesFor(lang), ["connect", "common.scope"]);
  const t = serverTranslator(lang, "connect");

  // After the response: the funnel event must not delay the admin's first screen.
  const record = (opening: OpeningEvent | null) => {
    if (opening && !prepared) after(() => recordSessionEvent(db, opening.session, opening.event).catch(notRecorded));
  };
  const problem = (code: SessionErrorCode, workspace?: Workspace, opening?: OpeningEvent | null) => {
    record(opening ?? null);
    return (
      <WizardShell lang={lang} workspace={workspace}>
        <IntlProvider locale={lang} messages={messages}>
          <SessionProblem code={code} title={t(`errors.${code}`)} message={sessionErrorMessages[code][lang]} allowedOrigins={workspace?.allowedOrigins ?? []} token={prepared ? token : null} />
        </IntlProvider>
      </WizardShell>
    );
  };
  if (state.kind === "error") return problem(state.code, state.workspace, openingEvent(state));

  const { session, workspace } = state;
  if (state.kind === "state") {
    const provider = getProvider(state.connection.provider);
    const flow = getServiceUserFlow(state.connection.provider)!;
    const config = {
      ...wizardConfig({ token, session, workspace, lang, prepared }),
      providers: provider ? [toWizardProvider(provider, session, lang)] : [],
      serviceUser: serviceUserViewOf(flow, { connection: state.connection, session, workspace, lang }),
    };
    return (
      <WizardShell lang={lang} workspace={workspace}>
        <IntlProvider locale={lang} messages={messages}>
          <Wizard config={config} />
        </IntlProvider>
      </WizardShell>
    );
  }

  // A reconnect link whose connection was deleted since: there is nothing left to reconnect.
  const connection = session.mode === "reconnect" ? await getSessionConnection(db, session) : null;
  if (session.mode === "reconnect" && !connection) return problem("not_found", workspace, openingEvent(state, { connectionGone: true }));
  record(openingEvent(state));
  return (
    <WizardShell lang={lang} workspace={workspace}>
      <IntlProvider locale={lang} messages={messages}>
        <Wizard config={wizardConfig({ token, session, workspace, lang, connection, prepared, oauth: await oauthRoutesFor(db, session, lang) })} />
      </IntlProvider>
    </WizardShell>
  );
}
