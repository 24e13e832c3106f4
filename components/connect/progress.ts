// "Step 2 of 6": which steps a provider's flow has, and where the admin is. Before a provider is
// chosen the total is known only when every offered provider has the same number of steps; until
// then the picker says "Step 1" without a total, so the count never changes under the admin's eyes.
import type { WizardStep } from "@/lib/connect/funnel";
import type { FlowKind } from "@/lib/providers/types";

/** The step names are the ones the funnel reads back from session events (lib/connect/funnel.ts). */
export type Step = WizardStep;

/** `prerequisites: false`: the vendor confirmed every prerequisite in advance (a pre-filled session). */
function flow(opts: { picker: boolean; serviceUser: boolean; oauth?: boolean; prerequisites?: boolean }): Step[] {
  const steps: Step[] = opts.picker ? ["picker"] : [];
  // A provider's consent page (OAuth) replaces the guide, the form and the check.
  if (opts.oauth) return [...steps, "oauth", "result"];
  const before: Step[] = opts.prerequisites === false ? ["guide"] : ["prerequisites", "guide"];
  if (opts.serviceUser) return [...steps, ...before, "result"];
  return [...steps, ...before, "form", "check", "result"];
}

function step(steps: Step[], current: Step, offered: ReadonlyArray<{ flow: FlowKind }>): { current: number; total?: number; fraction: number } {
  const index = current === "service_user_state" ? steps.length - 1 : Math.max(0, steps.indexOf(current));
  if (current === "picker") {
    const totals = new Set(offered.map((p) => flow({ picker: true, serviceUser: p.flow === "service_user" }).length));
    const total = totals.size === 1 ? [...totals][0]! : undefined;
    return { current: 1, ...(total ? { total } : {}), fraction: 1 / (total ?? Math.max(...totals, steps.length)) };
  }
  return { current: index + 1, total: steps.length, fraction: (index + 1) / steps.length };
}

export const progressOf = { flow, step };
