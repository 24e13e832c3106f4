import { describe, expect, it } from "vitest";
import { funnelOf, funnelStageOf, funnelStages } from "@/lib/connect/funnel";

const rank = (s: (typeof funnelStages)[number]) => funnelStages.indexOf(s);

describe("funnelStageOf: the stage one session event shows", () => {
  it.each([
    [{ type: "opened", step: "opened" }, "opened"],
    [{ type: "error", step: "opened", code: "session_expired" }, "created"],
    [{ type: "step", step: "picker" }, "opened"],
    [{ type: "step", step: "prerequisites", provider: "personio" }, "provider"],
    [{ type: "step", step: "oauth", provider: "personio" }, "provider"],
    [{ type: "step", step: "guide", provider: "personio" }, "guide"],
    [{ type: "step", step: "form", provider: "personio" }, "form"],
    [{ type: "step", step: "check", provider: "personio" }, "check"],
    [{ type: "step", step: "oauth_consent", provider: "personio" }, "check"],
    [{ type: "error", step: "check", code: "missing_scopes", provider: "personio" }, "check"],
    [{ type: "error", step: "oauth", code: "oauth_denied", provider: "personio" }, "check"],
    [{ type: "step", step: "result", provider: "personio" }, "provider"],
    [{ type: "success", step: "result", provider: "personio" }, "connected"],
    [{ type: "success", step: "service_user_state", provider: "justworks" }, "connected"],
    [{ type: "close" }, "created"],
  ] as const)("%o → %s", (event, stage) => {
    expect(funnelStageOf(event)).toBe(rank(stage));
  });
});

describe("funnelOf", () => {
  it("counts each session at every stage up to its furthest, with the drop from the stage before", () => {
    const f = funnelOf([
      { stage: rank("created"), sessions: 2 },
      { stage: rank("opened"), sessions: 3 },
      { stage: rank("form"), sessions: 1 },
      { stage: rank("connected"), sessions: 4 },
    ]);
    expect(f.map((s) => [s.stage, s.reached, s.dropped])).toEqual([
      ["created", 10, 0],
      ["opened", 8, 2],
      ["provider", 5, 3],
      ["guide", 5, 0],
      ["form", 5, 0],
      ["check", 4, 1],
      ["connected", 4, 0],
    ]);
    expect(f[2]!.dropRate).toBeCloseTo(3 / 8);
    expect(funnelOf([]).every((s) => s.reached === 0 && s.dropRate === 0)).toBe(true);
  });
});
