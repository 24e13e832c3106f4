// The connect funnel: how far a session got, read from its session events (lib/connect/session.ts
// writes them: "opened" when the wizard's page is served, "step" for each wizard step the wizard
// reports, "error", "success"). One rule, used both when an event is recorded (the session's
// furthest stage, `connect_sessions.funnel_stage`) and by the dashboard's Insights page.
//
// A session counts at every stage up to the furthest one it reached: a flow that has no guide or
// form (a provider's consent page, OAuth) or no check (a service user's invitation) passes those
// stages when it goes further. Isomorphic: no server imports.

/** The wizard's steps as it reports them (components/connect/progress.ts names its screens with these). */
export const wizardSteps = ["picker", "prerequisites", "guide", "form", "check", "result", "service_user_state", "oauth"] as const;
export type WizardStep = (typeof wizardSteps)[number];

/** The funnel, in order; the index is the stage's rank (`connect_sessions.funnel_stage`). */
export const funnelStages = ["created", "opened", "provider", "guide", "form", "check", "connected"] as const;
export type FunnelStage = (typeof funnelStages)[number];

const rank = (s: FunnelStage) => funnelStages.indexOf(s);

/** Steps whose event means the admin reached that stage; other steps (picker, result, …) say no more than "opened" or "provider". */
const stageOfStep: Partial<Record<string, FunnelStage>> = {
  guide: "guide",
  form: "form",
  check: "check",
  // The OAuth route's consent page stands for the check: the provider decides there.
  oauth_consent: "check",
};

/** The stage one session event shows the session reached (0, "created", for an event that shows nothing more). */
export function funnelStageOf(event: { type: string; step?: string | null; provider?: string | null }): number {
  if (event.type === "success") return rank("connected");
  let r = 0;
  if (event.type === "opened" || event.type === "step") r = rank("opened");
  // A check that failed is a check the admin ran (the wizard's and the OAuth callback's errors).
  if (event.type === "error" && (event.step === "check" || event.step === "oauth") && event.provider) r = rank("check");
  if (event.type === "step") {
    if (event.provider) r = Math.max(r, rank("provider"));
    const s = event.step ? stageOfStep[event.step] : undefined;
    if (s) r = Math.max(r, rank(s));
  }
  return r;
}

/** Sessions per stage (each counted at its furthest stage) → sessions that reached each stage, and the drop from the stage before. */
export function funnelOf(furthest: ReadonlyArray<{ stage: number; sessions: number }>): Array<{ stage: FunnelStage; reached: number; dropped: number; dropRate: number }> {
  const at = new Array<number>(funnelStages.length).fill(0);
  for (const f of furthest) at[Math.min(Math.max(f.stage, 0), funnelStages.length - 1)]! += f.sessions;
  const reached = at.map((_, i) => at.slice(i).reduce((a, b) => a + b, 0));
  return funnelStages.map((stage, i) => {
    const before = i === 0 ? reached[0]! : reached[i - 1]!;
    const dropped = i === 0 ? 0 : before - reached[i]!;
    return { stage, reached: reached[i]!, dropped, dropRate: before ? dropped / before : 0 };
  });
}
