import { createHash } from "node:crypto";

/**
 * A stable job id (UUID layout, version nibble 5) derived from the event and its target, so that
 * relaying the same event twice could never create a second job: pg-boss inserts with
 * ON CONFLICT DO NOTHING on (queue, id).
 */
export function deterministicJobId(...parts: string[]): string {
  const h = createHash("sha256").update(parts.join("\u0000")).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
