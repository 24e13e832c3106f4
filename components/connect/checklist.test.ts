import { describe, expect, it } from "vitest";
import { checklistOf } from "./checklist";
import type { WizardScope } from "./types";

const scope = (id: WizardScope["id"], permission: string, required: boolean): WizardScope => ({ id, label: id, permission, fix: "", required });

describe("what to tick", () => {
  it("lists each permission once, required first, an optional one that is also required only as required", () => {
    const list = checklistOf({
      scopes: [
        scope("ats.jobs", "Applicant Management: read", true),
        scope("ats.candidates", "Applicant Management: read", true),
        scope("employees", "Persons: read", true),
        scope("ats.applications", "Applicant Management: read", false),
        scope("ats.write", "Applicant Management: write", false),
      ],
    });
    expect(list).toEqual({ required: ["Applicant Management: read", "Persons: read"], optional: ["Applicant Management: write"] });
  });
});
