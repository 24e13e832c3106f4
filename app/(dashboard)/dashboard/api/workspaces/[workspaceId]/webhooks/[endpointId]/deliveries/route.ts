// GET /dashboard/api/workspaces/{workspaceId}/webhooks/{endpointId}/deliveries: an endpoint's
// latest delivery attempts for the settings page's live delivery log
// (components/dashboard/live-deliveries.tsx), read-only, with the dashboard's session cookie.
// Authorized like the settings page: admins only (anonymous 401, other roles 403), an endpoint of a
// workspace outside the account's scope (or none) 404. Never a secret: attempt, status, error, time.
import { staffRoute } from "@/lib/auth/staff";
import { listWebhookDeliveriesOp } from "../../../../../../_lib/settings";

export const dynamic = "force-dynamic";

export async function GET(_req: Request, ctx: { params: Promise<{ workspaceId: string; endpointId: string }> }): Promise<Response> {
  const { workspaceId, endpointId } = await ctx.params;
  return staffRoute("admin", (staff) => listWebhookDeliveriesOp(staff, workspaceId, endpointId));
}
