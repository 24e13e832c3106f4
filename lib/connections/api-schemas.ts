// Query and response schemas of the connections API (parsed by the routes, documented in OpenAPI).
import { z } from "zod";
import { connectionDtoSchema } from "@/lib/connections/dto";
import { providerIds } from "@/lib/providers/types";

export const listConnectionsQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50).describe("Page size, 1–200."),
    cursor: z.string().max(300).optional().describe("`next_cursor` of the previous page."),
    status: z.enum(["active", "needs_attention", "pending", "deleted"]).optional().describe("Only connections in this state. Deleted connections appear only with status=deleted."),
    provider: z.enum(providerIds).optional(),
    end_user_id: z.string().max(200).optional().describe("Only this end user's connections (your id)."),
  })
  .strict();

export const connectionListSchema = z
  .object({
    data: z.array(connectionDtoSchema),
    next_cursor: z.string().nullable().describe("Pass as `cursor` for the next page; null on the last page."),
  })
  .meta({ id: "ConnectionList" });
