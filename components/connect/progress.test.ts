import { describe, expect, it } from "vitest";
import { progressOf } from "./progress";

const credentials = { flow: "credentials" as const };
const serviceUser = { flow: "service_user" as const };

describe("the wizard's step counter", () => {
  it("never changes its total between the picker and the provider's first step", () => {
    for (const offered of [[credentials], [serviceUser], [credentials, serviceUser], [credentials, credentials]]) {
      for (const chosen of offered) {
        const flow = progressOf.flow({ picker: true, serviceUser: chosen.flow === "service_user" });
        const picker = progressOf.step(flow, "picker", offered);
        const next = progressOf.step(flow, "prerequisites", offered);
        expect(next.current).toBe(2);
        // Either the picker knows the total, and it is the one that follows, or it names none.
        if (picker.total !== undefined) expect(picker.total).toBe(next.total);
      }
    }
  });

  it("counts the picker as step 1 of the flow that follows when every provider has the same steps", () => {
    const flow = progressOf.flow({ picker: true, serviceUser: false });
    expect(progressOf.step(flow, "picker", [credentials, credentials])).toMatchObject({ current: 1, total: 6 });
    expect(progressOf.step(flow, "picker", [credentials, serviceUser]).total).toBeUndefined();
    expect(progressOf.step(flow, "result", [credentials])).toMatchObject({ current: 6, total: 6, fraction: 1 });
  });

  it("without a picker the provider's steps start at 1", () => {
    const flow = progressOf.flow({ picker: false, serviceUser: true });
    expect(progressOf.step(flow, "prerequisites", [serviceUser])).toMatchObject({ current: 1, total: 3 });
    expect(progressOf.step(flow, "service_user_state", [serviceUser])).toMatchObject({ current: 3, total: 3 });
  });
});
