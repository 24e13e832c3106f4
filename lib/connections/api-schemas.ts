// Query and response schemas of the connections API (parsed by the routes, documented in OpenAPI).
import { z } from "zod";
import { connectionDtoSchema } from "@/lib/connections/dto";
import { getOAuthFlow } from "@/lib/providers/flows";
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

/** A provider that has an OAuth route (lib/providers/flows.ts). */
export const oauthProviderSchema = z.string().refine((p) => !!getOAuthFlow(p), "This provider offers no OAuth route.");

/** The API's body (snake_case, like every vendor API body). */
export const oauthAppBodySchema = z
  .object({
    client_id: z.string().describe("The client id the provider issued for your app."),
    client_secret: z.string().optional().describe("The client secret the provider issued. Needed the first time; omit it to keep the stored one. Never returned."),
    preferred: z.boolean().optional().describe("Offer the OAuth route first when the workspace also has the provider's other route (default true)."),
  })
  .strict();

export const oauthAppDtoSchema = z
  .object({
    provider: z.string(),
    client_id: z.string(),
    redirect_uri: z.string().describe("Register this redirect URI with the provider for your app."),
    preferred: z.boolean(),
    has_secret: z.boolean(),
    secret_fingerprint: z.string().nullable().describe("The last characters of the stored secret's fingerprint, to tell secrets apart; never the secret."),
    updated_at: z.iso.datetime(),
  })
  .describe("A workspace's OAuth app at a provider. The client secret is sealed and never returned.");
export type OAuthAppDto = z.infer<typeof oauthAppDtoSchema>;
