import { describe, expect, it } from "vitest";
import { createAttemptLimiter, rateLimitMessage } from "./rate-limit";

describe("attempt limits", () => {
  it("allows 10 checks a minute per session, then says when to retry", async () => {
    const limiter = createAttemptLimiter("t1", { session: { points: 10, durationSeconds: 60 }, ip: { points: 100, durationSeconds: 60 } });
    for (let i = 0; i < 10; i++) expect(await limiter.consume({ session: "s1", ip: "203.0.113.1" })).toEqual({ allowed: true });
    const blocked = await limiter.consume({ session: "s1", ip: "203.0.113.1" });
    expect(blocked).toMatchObject({ allowed: false, by: "session" });
    expect(blocked.allowed === false && blocked.retryAfterSeconds).toBeGreaterThan(0);
    expect(blocked.allowed === false && blocked.retryAfterSeconds).toBeLessThanOrEqual(60);
    // Another session from another address is not affected.
    expect(await limiter.consume({ session: "s2", ip: "203.0.113.2" })).toEqual({ allowed: true });
  });

  it("limits one client address across sessions", async () => {
    const limiter = createAttemptLimiter("t2", { session: { points: 10, durationSeconds: 60 }, ip: { points: 3, durationSeconds: 60 } });
    for (let i = 0; i < 3; i++) expect((await limiter.consume({ session: `s${i}`, ip: "198.51.100.7" })).allowed).toBe(true);
    expect(await limiter.consume({ session: "fresh", ip: "198.51.100.7" })).toMatchObject({ allowed: false, by: "ip" });
    expect((await limiter.consume({ session: "fresh", ip: "198.51.100.8" })).allowed).toBe(true);
  });

  it("says in English and German when to try again", () => {
    const m = rateLimitMessage(42);
    expect(m.en).toContain("42 seconds");
    expect(m.de).toContain("42 Sekunden");
    expect(rateLimitMessage(1).en).toContain("1 second,");
  });
});
