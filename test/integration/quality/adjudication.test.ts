import { describe, expect, it } from "vitest";
import { attachPlatform } from "../../../src/app.js";
import { castVote } from "../../../src/services/cast-vote.js";
import { nextAssignment } from "../../../src/services/next-assignment.js";
import { FakePlatform } from "../../fakes/fake-platform.js";
import { createTestCore, seedCampaign, seedComparisons } from "../../helpers/core.js";
import { action, button, command, form, textOf, user, viewOf } from "../../helpers/events.js";

describe("adjudication", () => {
  it("gives leads the split items with votes and rationales, and records a final answer with a note", async () => {
    const core = createTestCore({ leads: [{ platform: "slack", userId: "ULEAD" }] });
    const slack = new FakePlatform("slack");
    await attachPlatform(core, slack);
    const c = await seedCampaign(core, "name: c\nstatus: active\nguidelines: g\ngoldRate: 0\noverlap: 2\nmaxOverlap: 2");
    seedComparisons(core, c.id, 1, { overlap: 2 });
    for (const [u, choice] of [
      ["U1", "1"],
      ["U2", "2"],
    ] as const) {
      const a = await nextAssignment(core.services, { campaign: "c", annotator: { platform: "slack", workspaceId: "T1", userId: u } });
      // Make the two votes disagree in stored terms whatever the display order.
      const screen = a.assignment.displayOrder === "ab" ? choice : choice === "1" ? "2" : "1";
      await castVote(core.services, { annotator: { platform: "slack", workspaceId: "T1", userId: u }, assignmentId: a.assignment.id, choice: screen });
    }
    const refused = await slack.emit(command(user("U1"), "adjudicate", ["c"]));
    expect(textOf(viewOf(refused))).toContain("for campaign leads");

    const lead = user("ULEAD");
    const card = viewOf(await slack.emit(command(lead, "adjudicate", ["c"])));
    expect(textOf(card)).toContain("Response 1: 1 · Response 2: 1");
    const final = button(card, "adjudicate", (a) => a.choice === "2");
    const opened = await slack.emit(action(lead, final));
    expect(opened.kind).toBe("form");
    const tooShort = await slack.emit(form(lead, { verb: "adjudicate_form", comparisonId: final.comparisonId, choice: "2" }, { note: "b" }));
    expect(tooShort.kind).toBe("form_errors");
    const done = await slack.emit(
      form(lead, { verb: "adjudicate_form", comparisonId: final.comparisonId, choice: "2" }, { note: "B cites the source; A invents a date." }),
    );
    expect(textOf(viewOf(done))).toContain("Nothing waits for adjudication");
    expect(core.services.db.$client.prepare("SELECT status, final_choice, note, resolved_by FROM adjudications").get()).toEqual({
      status: "resolved",
      final_choice: "b",
      note: "B cites the source; A invents a date.",
      resolved_by: "slack:ULEAD",
    });
  });
});
