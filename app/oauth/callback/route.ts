// The OAuth callback (the redirect URI each workspace registers with a provider; lib/connections/oauth.ts
// does the work). It answers a small page in the session's language: in a popup it tells the wizard
// the outcome through `window.opener.postMessage` addressed to Latchkey's own origin only, then
// closes itself; after a hosted link's full-page redirect it is the result page. The outcome never
// holds a token. The page URL carries the code and state, so no Referer leaves it.
import { clientAddress } from "@/lib/client-address";
import { completeAuthorization } from "@/lib/connections/oauth";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { isLang, pickLanguage, serverTranslator } from "@/lib/i18n";
import type { Lang } from "@/lib/providers/types";
import { OAUTH_MESSAGE } from "@/components/connect/oauth-message";
import { outcomeText } from "./text";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function GET(req: Request): Promise<Response> {
  const url = new URL(req.url);
  const p = url.searchParams;
  const result = await completeAuthorization(getDb(), {
    state: p.get("state"),
    code: p.get("code"),
    error: p.get("error"),
    actor: { ip: clientAddress(req.headers), userAgent: req.headers.get("user-agent") },
  });
  const lang: Lang = result.lang ?? pickLanguage({ acceptLanguage: req.headers.get("accept-language") });
  const workspaceName = result.workspace ? result.workspace.branding.displayName || result.workspace.name : "";
  const text = outcomeText(result.outcome, isLang(lang) ? lang : "en", workspaceName);
  const t = serverTranslator(lang, "connect");
  const origin = new URL(getEnv().publicUrl).origin;
  const message = JSON.stringify({ type: OAUTH_MESSAGE, outcome: result.outcome }).replace(/</g, "\\u003c");
  const popup = result.display === "popup";
  const script = popup
    ? `<script>(function(){var m=${message};try{if(window.opener&&!window.opener.closed){window.opener.postMessage(m,${JSON.stringify(origin)});setTimeout(function(){window.close()},300);}}catch(e){}})();</script>`
    : "";
  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="no-referrer"><title>${esc(text.title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#111}h1{font-size:1.4rem}</style></head>
<body><main><h1 data-outcome="${result.outcome.ok ? "ok" : esc(result.outcome.code)}">${esc(text.title)}</h1><p role="status">${esc(text.body)}</p><p>${esc(popup ? t("oauth.result.close") : t("oauth.result.backToApp"))}</p></main>${script}</body></html>`;
  return new Response(html, {
    status: 200,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "referrer-policy": "no-referrer" },
  });
}
