// The admin mutations as plain HTTP endpoints (for scripts and for tests that prove the role is
// enforced on the server): POST /dashboard/api/connections/{id}/{recheck|reconnect-link|delete|service-user}
// with the dashboard's session cookie. Viewers get 403, anonymous callers 401. A service-user
// provider's id still answers as `service-user` for that provider's connections (the URL before
// the provider seam, e.g. .../{id}/<provider id>).
import { staffRoute } from "@/lib/auth/staff";
import { clientHost } from "@/lib/client-address";
import { AppError } from "@/lib/errors";
import { getServiceUserFlow } from "@/lib/providers/flows";
import { createReconnectLinkOp, deleteConnectionOp, recheckConnectionOp, serviceUserUpdateOp } from "../../../../_lib/operations";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ id: string; action: string }> };

async function body(req: Request): Promise<Record<string, unknown>> {
  const text = await req.text();
  if (!text.trim()) return {};
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === "object" ? (v as Record<string, unknown>) : {};
  } catch {
    throw new AppError("invalid_input", "The request body is not valid JSON.");
  }
}

/**
 * Cookies are SameSite=Lax already; refusing a foreign Origin closes the remaining CSRF gaps.
 * X-Forwarded-Host reaches here only from a proxy named by TRUST_PROXY (lib/client-address.ts).
 */
function sameOrigin(req: Request): boolean {
  const origin = req.headers.get("origin");
  if (!origin) return true;
  const host = clientHost(req.headers);
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export async function POST(req: Request, ctx: Ctx): Promise<Response> {
  const { id, action } = await ctx.params;
  if (!sameOrigin(req)) return Response.json({ error: { code: "forbidden", message: "Cross-origin requests are refused." } }, { status: 403 });
  return staffRoute("admin", async (staff) => {
    const input = await body(req);
    switch (action) {
      case "recheck":
        return recheckConnectionOp(staff, id);
      case "reconnect-link":
        return createReconnectLinkOp(staff, id, input as { hours?: number });
      case "delete":
        return deleteConnectionOp(staff, id, input as { confirm: string; reason?: string });
      case "service-user":
        return serviceUserUpdateOp(staff, id, input);
      default:
        if (getServiceUserFlow(action)) return serviceUserUpdateOp(staff, id, input, action);
        throw new AppError("not_found", `Unknown action "${action}".`);
    }
  });
}
