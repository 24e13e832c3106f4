import { describe, expect, it } from "vitest";
import { pollDelay, type PollInput } from "./poll-delay";

describe("pollDelay: the live views' backoff and pause rule", () => {
  const rows: Array<[string, PollInput, number | false]> = [
    ["first answer: 2 s", { final: false, hidden: false, unchanged: 0 }, 2_000],
    ["one unchanged answer: 4 s", { final: false, hidden: false, unchanged: 1 }, 4_000],
    ["two unchanged: 8 s", { final: false, hidden: false, unchanged: 2 }, 8_000],
    ["three unchanged: 16 s", { final: false, hidden: false, unchanged: 3 }, 16_000],
    ["four unchanged: capped at 30 s", { final: false, hidden: false, unchanged: 4 }, 30_000],
    ["a long quiet spell stays at 30 s", { final: false, hidden: false, unchanged: 500 }, 30_000],
    ["a change resets to 2 s", { final: false, hidden: false, unchanged: 0 }, 2_000],
    ["a nonsense count is read as no count", { final: false, hidden: false, unchanged: -3 }, 2_000],
    ["hidden tab: paused", { final: false, hidden: true, unchanged: 0 }, false],
    ["hidden tab after a quiet spell: paused", { final: false, hidden: true, unchanged: 7 }, false],
    ["final state: stopped", { final: true, hidden: false, unchanged: 0 }, false],
    ["final state in a hidden tab: stopped", { final: true, hidden: true, unchanged: 3 }, false],
  ];
  it.each(rows)("%s", (_name, input, expected) => {
    expect(pollDelay(input)).toBe(expected);
  });
});
