// The postMessage contract between the wizard (iframe) and the host page (connect.js). Isomorphic:
// the wizard imports it in the browser; public/connect.js mirrors it by hand (it must stay
// dependency-free) and a test keeps the two in step.
import { z } from "zod";

export const CONNECT_MESSAGE_SOURCE = "latchkey" as const;
export const CONNECT_MESSAGE_VERSION = 1 as const;

const envelope = {
  source: z.literal(CONNECT_MESSAGE_SOURCE),
  version: z.literal(CONNECT_MESSAGE_VERSION),
};

const shortText = (max: number) => z.string().min(1).max(max);

/** Funnel steps the wizard reports; a string so that the wizard can add steps without a new version. */
export const connectStepSchema = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/);

export const readyMessageSchema = z.object({ ...envelope, type: z.literal("ready") });
export const stepMessageSchema = z.object({
  ...envelope,
  type: z.literal("step"),
  step: connectStepSchema,
  provider: shortText(32).optional(),
});
export const successMessageSchema = z.object({
  ...envelope,
  type: z.literal("success"),
  connectionId: shortText(100),
  provider: shortText(32),
  /** e.g. "active", or "pending" for a service-user invitation still to be accepted. */
  status: shortText(32).optional(),
});
export const errorMessageSchema = z.object({
  ...envelope,
  type: z.literal("error"),
  code: shortText(64),
  message: shortText(500),
});
export const closeMessageSchema = z.object({
  ...envelope,
  type: z.literal("close"),
  /** "user": the admin closed it; "done": closed after success. */
  reason: z.enum(["user", "done"]).optional(),
});

export const connectMessageSchema = z.discriminatedUnion("type", [
  readyMessageSchema,
  stepMessageSchema,
  successMessageSchema,
  errorMessageSchema,
  closeMessageSchema,
]);

export type ConnectMessage = z.infer<typeof connectMessageSchema>;
export type ConnectMessageType = ConnectMessage["type"];
type Body<T extends ConnectMessageType> = Omit<Extract<ConnectMessage, { type: T }>, "source" | "version">;

/** Build a message with the envelope filled in. */
export function connectMessage<T extends ConnectMessageType>(body: Body<T> & { type: T }): Extract<ConnectMessage, { type: T }> {
  return { source: CONNECT_MESSAGE_SOURCE, version: CONNECT_MESSAGE_VERSION, ...body } as Extract<ConnectMessage, { type: T }>;
}

/** A message from the other side, or null for anything that is not ours or not well-formed. */
export function parseConnectMessage(data: unknown): ConnectMessage | null {
  const parsed = connectMessageSchema.safeParse(data);
  return parsed.success ? parsed.data : null;
}

/** Normalise an origin (`scheme://host[:port]`); null if it is not one. */
export function originOf(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const u = new URL(value);
    if (u.protocol !== "https:" && u.protocol !== "http:") return null;
    return u.origin;
  } catch {
    return null;
  }
}

/**
 * Where the wizard may post: the allowed origins that match the parent's origin. The parent is
 * known from `document.referrer` (an iframe's referrer is its embedder's origin under the default
 * referrer policy) or `location.ancestorOrigins`; when neither names an allowed origin, every
 * allowed origin is tried: postMessage with an explicit target origin only delivers to a window
 * of that origin, so this never leaks to a stranger.
 */
export function hostTargetOrigins(allowedOrigins: readonly string[], parentHint?: string | null): string[] {
  const allowed = allowedOrigins.map(originOf).filter((o): o is string => !!o);
  const hint = originOf(parentHint ?? null);
  if (hint && allowed.includes(hint)) return [hint];
  return [...new Set(allowed)];
}

/** Post a message from the wizard to its host page (no-op outside an iframe). */
export function postToHost(message: ConnectMessage, allowedOrigins: readonly string[]): void {
  if (typeof window === "undefined" || window.parent === window) return;
  const ancestors = (window.location as Location & { ancestorOrigins?: DOMStringList }).ancestorOrigins;
  const hint = ancestors && ancestors.length ? ancestors[0] : document.referrer;
  for (const origin of hostTargetOrigins(allowedOrigins, hint)) window.parent.postMessage(message, origin);
}
