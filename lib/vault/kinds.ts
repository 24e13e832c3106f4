// What a sealed value is, for the envelope: the associated data of each layer, built from the
// identifying columns of the row that stores it, and how an error names it (ids only). Binding
// the context at both layers means sealed bytes copied to another row do not open.
export type EnvelopeLayer = "payload" | "data-key";

export type SealedKind<C> = {
  readonly name: string;
  associatedData(layer: EnvelopeLayer, ctx: C): Buffer;
  /** Where a sealed value sits, for error messages: ids only, never a value. */
  describe(ctx: C): string;
};

/**
 * The associated data of every kind after the first webhook secrets: a JSON array
 * `[format, layer, ...fields]` is unambiguous (no field can bleed into the next).
 */
export function jsonKind<C>(name: string, format: string, fields: (ctx: C) => Array<string | number>, describe: (ctx: C) => string): SealedKind<C> {
  return {
    name,
    associatedData: (layer, ctx) => Buffer.from(JSON.stringify([format, layer, ...fields(ctx)]), "utf8"),
    describe,
  };
}

export type CredentialContext = { workspaceId: string; connectionId: string; provider: string; version: number };

/** A connection's credential (`credentials`): its version is bound too, so an older row restored under a newer number does not open. */
export const credentialKind = jsonKind<CredentialContext>(
  "credential",
  "latchkey.credential.v1",
  (c) => [c.workspaceId, c.connectionId, c.provider, c.version],
  (c) => `The credential of connection ${c.connectionId} (version ${c.version})`,
);

export type WebhookSecretContext = { workspaceId: string; endpointId: string; secretId: string };

/**
 * A webhook endpoint's signing secret (`webhook_endpoints.secrets`, one entry per secret, the
 * previous ones kept during a rotation's overlap). Its associated data predates jsonKind and is kept
 * as it was: it already binds workspace, endpoint and secret id at both layers, under its own
 * domain label, and a new format would mean re-encrypting every stored secret for no gain.
 * Ids are generated (`newId`) and never contain the NUL separator.
 */
export const webhookSecretKind: SealedKind<WebhookSecretContext> = {
  name: "webhook_secret",
  associatedData: (layer, c) => Buffer.from(`latchkey:webhook-secret:${layer}\u0000${c.workspaceId}\u0000${c.endpointId}\u0000${c.secretId}`, "utf8"),
  describe: (c) => `The signing secret ${c.secretId} of webhook endpoint ${c.endpointId}`,
};

export type OAuthClientSecretContext = { workspaceId: string; appId: string; provider: string; version: number };

/** A workspace's OAuth client secret (`oauth_apps`): workspace, app, provider and version bound. */
export const oauthClientSecretKind = jsonKind<OAuthClientSecretContext>(
  "oauth_client_secret",
  "latchkey.oauth_client_secret.v1",
  (c) => [c.workspaceId, c.appId, c.provider, c.version],
  (c) => `The ${c.provider} OAuth client secret of workspace ${c.workspaceId} (version ${c.version})`,
);
