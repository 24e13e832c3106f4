// The status rule as one table: every trigger × every check outcome × both starting statuses.
// Triggers that re-check the stored credential (dashboard, schedule, api) share one row set; the
// wizard (create and reconnect) checks a new credential.
import { describe, expect, it } from "vitest";
import type { ConnectionStatus } from "@/lib/db/schema";
import { decideStatus, type RuleCheck, type RuleDecision } from "./status-rule";

const g = (scope: string, required: boolean) => ({ scope, status: "granted" as const, required });
const m = (scope: string, required: boolean) => ({ scope, status: "missing" as const, required });
const u = (scope: string, required: boolean) => ({ scope, status: "unknown" as const, required });

const outcomes: Record<string, RuleCheck> = {
  ok: { outcome: "ok", scopes: [g("employees", true), g("absences", false)] },
  optional_lost: { outcome: "ok", scopes: [g("employees", true), m("absences", false)] },
  required_lost: { outcome: "missing_scopes", scopes: [m("employees", true), g("absences", false)] },
  invalid_credentials: { outcome: "invalid_credentials", scopes: [] },
  rate_limited: { outcome: "rate_limited", scopes: [u("employees", true), u("absences", false)] },
  provider_unreachable: { outcome: "provider_unreachable", scopes: [] },
  provider_error: { outcome: "provider_error", scopes: [u("employees", true), g("absences", false)] },
};

type Expect = Pick<RuleDecision, "action" | "status" | "events">;
const leave: Expect = { action: "leave", status: null, events: [] };
const refuse: Expect = { action: "refuse", status: null, events: [] };

// [outcome, from, expected] for a re-check of the stored credential (dashboard, schedule, api).
const stored: Array<[string, ConnectionStatus, Expect]> = [
  ["ok", "active", { action: "apply", status: "active", events: [] }],
  ["ok", "needs_attention", { action: "apply", status: "active", events: ["connection.recovered"] }],
  ["optional_lost", "active", { action: "apply", status: "active", events: ["connection.check_warning"] }],
  ["optional_lost", "needs_attention", { action: "apply", status: "active", events: ["connection.recovered", "connection.check_warning"] }],
  ["required_lost", "active", { action: "apply", status: "needs_attention", events: ["connection.check_failed"] }],
  ["required_lost", "needs_attention", { action: "apply", status: "needs_attention", events: [] }],
  ["invalid_credentials", "active", { action: "apply", status: "needs_attention", events: ["connection.check_failed"] }],
  ["invalid_credentials", "needs_attention", { action: "apply", status: "needs_attention", events: [] }],
  ["rate_limited", "active", leave],
  ["rate_limited", "needs_attention", leave],
  ["provider_unreachable", "active", leave],
  ["provider_unreachable", "needs_attention", leave],
  ["provider_error", "active", leave],
  ["provider_error", "needs_attention", leave],
];

// The wizard's reconnect checks a new credential: refused ones change nothing.
const reconnect: Array<[string, ConnectionStatus, Expect]> = [
  ["ok", "active", { action: "apply", status: "active", events: [] }],
  ["ok", "needs_attention", { action: "apply", status: "active", events: ["connection.recovered"] }],
  ["optional_lost", "active", { action: "apply", status: "active", events: ["connection.check_warning"] }],
  ["optional_lost", "needs_attention", { action: "apply", status: "active", events: ["connection.recovered", "connection.check_warning"] }],
  ...(["required_lost", "invalid_credentials", "rate_limited", "provider_unreachable", "provider_error"] as const).flatMap((o) =>
    (["active", "needs_attention"] as const).map((from): [string, ConnectionStatus, Expect] => [o, from, refuse]),
  ),
];

const create: Array<[string, Expect]> = [
  ["ok", { action: "apply", status: "active", events: [] }],
  ["optional_lost", { action: "apply", status: "active", events: [] }],
  ...(["required_lost", "invalid_credentials", "rate_limited", "provider_unreachable", "provider_error"] as const).map((o): [string, Expect] => [o, refuse]),
];

const pick = (d: RuleDecision): Expect => ({ action: d.action, status: d.status, events: d.events });

describe("the status rule", () => {
  for (const trigger of ["dashboard", "schedule", "api"]) {
    it.each(stored)(`${trigger}: %s from %s`, (outcome, from, expected) => {
      expect(pick(decideStatus({ subject: "stored", from, check: outcomes[outcome]!, previousOptionalMissing: [] }))).toEqual(expected);
    });
  }
  it.each(reconnect)("wizard reconnect: %s from %s", (outcome, from, expected) => {
    expect(pick(decideStatus({ subject: "new", from, check: outcomes[outcome]!, previousOptionalMissing: [] }))).toEqual(expected);
  });
  it.each(create)("wizard create: %s", (outcome, expected) => {
    expect(pick(decideStatus({ subject: "new", from: null, check: outcomes[outcome]!, previousOptionalMissing: [] }))).toEqual(expected);
  });

  it("warns once per change of the missing optional set, not on every check", () => {
    const check = outcomes.optional_lost!;
    expect(decideStatus({ subject: "stored", from: "active", check, previousOptionalMissing: ["absences"] }).events).toEqual([]);
    expect(decideStatus({ subject: "stored", from: "active", check, previousOptionalMissing: ["documents"] }).events).toEqual(["connection.check_warning"]);
  });

  it("leaves pending and deleted connections alone, whatever the check says", () => {
    for (const from of ["pending", "deleted"] as const)
      for (const check of Object.values(outcomes)) expect(decideStatus({ subject: "stored", from, check, previousOptionalMissing: [] }).action).toBe("leave");
  });

  it("keeps the stored scope results when the credentials were refused (the check learnt nothing about scopes)", () => {
    expect(decideStatus({ subject: "stored", from: "active", check: outcomes.invalid_credentials!, previousOptionalMissing: [] }).storeScopes).toBe(false);
    expect(decideStatus({ subject: "stored", from: "active", check: outcomes.required_lost!, previousOptionalMissing: [] }).storeScopes).toBe(true);
  });

  it("a required scope that could not be determined is inconclusive, not broken", () => {
    const check: RuleCheck = { outcome: "ok", scopes: [u("employees", true)] };
    expect(decideStatus({ subject: "stored", from: "active", check, previousOptionalMissing: [] }).verdict).toBe("inconclusive");
  });
});
