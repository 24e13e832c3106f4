// The wizard's page: /connect/<token>. The only framable route (see proxy.ts); no cookies are
// read or set. The token is in the path, so the server logs mask it (scripts/serve.ts).
import type { Metadata } from "next";
import { headers } from "next/headers";
import { after } from "next/server";
import { IntlProvider } from "@/components/connect/i18n";
import { SessionProblem } from "@/components/connect/session-problem";
import { Wizard } from "@/components/connect/wizard";
import { recordSessionEvent, sessionErrorMessages } from "@/lib/connect/session";
import { getDb } from "@/lib/db";
import { isLang, messagesFor, serverTranslator } from "@/lib/i18n";
import { getLogger } from "@/lib/log";
import { getProvider } from "@/lib/providers";
import { serviceUserFor, justworksViewOf, loadSessionState, toWizardProvider, wizardConfig } from "./load";
import { WizardShell } from "./shell";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Connect your HR system",
  referrer: "no-referrer",
};

const notRecorded = (e: unknown) => getLogger().warn({ err: { name: (e as Error).name } }, "session event not recorded");

export default async function ConnectPage({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: Promise<{ lang?: string | string[] }> }) {
  const { token } = await params;
  const { lang: langParam } = await searchParams;
  const h = await headers();
  const db = getDb();
  // ?lang= is connect.js's `language` option: below the session's own language, above the browser's.
  const state = await loadSessionState(db, token, h.get("accept-language"), isLang(langParam) ? langParam : null);
  const lang = state.lang;
  const messages = { connect: messagesFor(lang).connect };
  const t = serverTranslator(lang, "connect");

  if (state.kind === "error") {
    const session = state.session;
    if (session) after(() => recordSessionEvent(db, session, { type: "error", step: "opened", code: state.code }).catch(notRecorded));
    return (
      <WizardShell lang={lang} workspace={state.workspace}>
        <IntlProvider locale={lang} messages={messages}>
          <SessionProblem
            code={state.code}
            title={t(`errors.${state.code}`)}
            message={sessionErrorMessages[state.code][lang]}
            allowedOrigins={state.workspace?.allowedOrigins ?? []}
          />
        </IntlProvider>
      </WizardShell>
    );
  }

  const { session, workspace } = state;
  if (state.kind === "state") {
    const jw = getProvider("justworks");
    const config = {
      ...wizardConfig({ token, session, workspace, lang }),
      providers: jw ? [toWizardProvider(jw, session, lang)] : [],
      justworks: justworksViewOf(state.connection, serviceUserFor(session, workspace, state.connection)),
    };
    config.justworks.state ??= "awaiting_invitation";
    return (
      <WizardShell lang={lang} workspace={workspace}>
        <IntlProvider locale={lang} messages={messages}>
          <Wizard config={config} />
        </IntlProvider>
      </WizardShell>
    );
  }

  // After the response: the funnel event must not delay the admin's first screen.
  after(() => recordSessionEvent(db, session, { type: "opened", step: "opened" }).catch(notRecorded));
  return (
    <WizardShell lang={lang} workspace={workspace}>
      <IntlProvider locale={lang} messages={messages}>
        <Wizard config={wizardConfig({ token, session, workspace, lang })} />
      </IntlProvider>
    </WizardShell>
  );
}
