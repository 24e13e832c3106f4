import { inspect } from "node:util";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "@/lib/log";
import { Secret } from "@/lib/vault/secret";

const value = "hrw-secret-CANARY-42";

describe("Secret", () => {
  const s = new Secret(value);

  it("gives its value only through reveal()", () => {
    expect(s.reveal()).toBe(value);
  });

  it("prints [redacted] through every accidental path", () => {
    const outputs = [
      String(s),
      `${s}`,
      "" + s,
      s.toString(),
      JSON.stringify({ s, nested: [s] }),
      inspect(s),
      inspect({ deep: { s } }, { depth: 10 }),
      inspect(s, { showHidden: true }),
      JSON.stringify(structuredClone({ s })),
      Object.keys(s).join(","),
    ];
    for (const out of outputs) expect(out).not.toContain(value);
    expect(String(s)).toBe("[redacted]");
    expect(JSON.stringify(s)).toBe('"[redacted]"');
    expect(inspect(s)).toBe("[redacted]");
  });

  it("is redacted in pino log lines, under any key name", () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const log = createLogger({ level: "trace", destination: sink });
    log.info({ harmless: s, list: [s], obj: { field: s } }, "opened");
    log.info({ values: { accessKey: s } }, `interpolated ${s}`);
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).not.toContain(value);
    expect(lines[0]).toContain("[redacted]");
  });

  it("the logger also redacts every provider's secret field when a plain-text credential is logged by mistake", () => {
    const lines: string[] = [];
    const log = createLogger({
      level: "trace",
      destination: new Writable({
        write(chunk, _enc, cb) {
          lines.push(String(chunk));
          cb();
        },
      }),
    });
    const plain = { clientSecret: value, secretAccessKey: value, apiKey: value, accessKey: value };
    log.info({ input: { provider: "personio", values: plain } }, "sealing");
    log.info(plain, "flat");
    for (const line of lines) expect(line).not.toContain(value);
  });
});
