// GET /dashboard/api/connections/{id}/live: the connection page's status and timeline for its live
// view (components/dashboard/live-connection.tsx), read-only, with the dashboard's session cookie.
// Authorized like the page: anonymous 401, any role may read, a connection outside the account's
// workspaces (or none) 404. Never a secret: the same display data the page renders.
import { staffRoute } from "@/lib/auth/staff";
import { connectionLiveOp } from "../../../../_lib/operations";

export const dynamic = "force-dynamic";

export async function GET(_req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await ctx.params;
  return staffRoute("viewer", (staff) => connectionLiveOp(staff, id));
}
