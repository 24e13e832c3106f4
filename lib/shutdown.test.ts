import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { createLogger } from "@/lib/log";
import { onShutdownSignals } from "@/lib/shutdown";

const quiet = createLogger({ level: "silent" });

describe("onShutdownSignals", () => {
  it("runs the steps once, in order, each with the same deadline, and exits 0", async () => {
    const signals = new EventEmitter();
    const order: string[] = [];
    const deadlines: number[] = [];
    let exitCode: number | undefined;
    const exited = new Promise<void>((resolve) => {
      onShutdownSignals({
        log: quiet,
        timeoutMs: 5000,
        signals,
        exit: (code) => {
          exitCode = code;
          resolve();
        },
        steps: [
          { name: "requests", run: async (d) => (order.push("requests"), deadlines.push(d), await new Promise((r) => setTimeout(r, 30))) },
          { name: "database", run: async (d) => void (order.push("database"), deadlines.push(d)) },
        ],
      });
    });
    const t0 = Date.now();
    signals.emit("SIGTERM");
    await exited;
    expect(order).toEqual(["requests", "database"]);
    expect(deadlines[0]).toBe(deadlines[1]);
    expect(deadlines[0]! - t0).toBeGreaterThanOrEqual(4900);
    expect(exitCode).toBe(0);
  });

  it("exits 1 when a step fails (after running the rest), and at once on a second signal", async () => {
    const signals = new EventEmitter();
    const codes: number[] = [];
    let ran = false;
    let release!: () => void;
    onShutdownSignals({
      log: quiet,
      timeoutMs: 5000,
      signals,
      exit: (code) => void codes.push(code),
      steps: [
        { name: "stuck", run: () => new Promise<void>((r) => (release = r)) },
        { name: "fails", run: async () => Promise.reject(new Error("boom")) },
        { name: "after", run: async () => void (ran = true) },
      ],
    });
    signals.emit("SIGTERM");
    signals.emit("SIGINT");
    expect(codes).toEqual([1]); // the second signal
    release();
    await new Promise((r) => setTimeout(r, 10));
    expect(ran).toBe(true);
    expect(codes).toEqual([1, 1]);
  });
});
