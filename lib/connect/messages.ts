// The postMessage contract between the wizard (iframe) and the host page (connect.js), as zod
// schemas: the wizard's messages to the host, and the host's one message to the wizard (`shown`). Two hand-written sides implement it and tests hold both to this schema: the wizard's
// (lib/connect/host.ts, zod-free for the first screen's sake: host.test.ts) and connect.js's
// (packages/connect, @latchkey/connect, dependency-free: lib/connect/embed-script.test.ts).
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

/**
 * The other direction, host page → wizard: `shown`, sent by connect.js to a wizard it prepared
 * hidden (`prepareConnect`, the iframe's address carries `prepared=1`) once the modal is shown and
 * the wizard has said `ready`. Only then does a prepared wizard count as opened (the session event
 * "opened", its steps); preparing alone records nothing.
 */
export const shownMessageSchema = z.object({ ...envelope, type: z.literal("shown") }).strict();
export const hostMessageSchema = z.discriminatedUnion("type", [shownMessageSchema]);
export type HostMessage = z.infer<typeof hostMessageSchema>;
