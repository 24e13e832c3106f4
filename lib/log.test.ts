import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "@/lib/log";

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { log: createLogger({ destination, level: "info" }), lines };
}

describe("log redaction", () => {
  it("redacts anything named like a secret, key, token or password, at any depth", () => {
    const { log, lines } = capture();
    const canary = "CANARY-7f3a9";
    log.info(
      {
        password: canary,
        nested: { deeper: { clientSecret: canary, accessKey: canary, api_key: canary } },
        list: [{ token: canary }],
        headers: { authorization: `Bearer ${canary}` },
        secretAccessKey: canary,
        keep: "visible",
      },
      "hello",
    );
    const out = lines.join("");
    expect(out).not.toContain(canary);
    expect(out).toContain("visible");
    expect(out).toContain("[redacted]");
  });
});
