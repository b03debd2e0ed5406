import { beforeEach, describe, expect, it } from "vitest";
import { attachPlatform } from "../../src/app.js";
import { FakePlatform } from "../fakes/fake-platform.js";
import { createTestCore, seedCampaign, seedComparisons, type TestCore } from "../helpers/core.js";
import { action, button, command, form, textOf, user, viewOf } from "../helpers/events.js";

const CAMPAIGN = `
name: helpful
title: Helpfulness
status: active
guidelines: Pick the more helpful response.
overlap: 2
goldRate: 0
rubric:
  - name: accuracy
    description: Is it correct?
`;

describe("queue mode through the dispatcher", () => {
  let core: TestCore;
  let slack: FakePlatform;
  beforeEach(async () => {
    core = createTestCore();
    slack = new FakePlatform("slack");
    await attachPlatform(core, slack);
    const campaign = await seedCampaign(core, CAMPAIGN);
    seedComparisons(core, campaign.id, 3, { overlap: 2 });
  });

  it("goes next → vote → rationale → next, storing A/B through the display order", async () => {
    const ann = user("U1");
    const first = await slack.emit(command(ann, "next"));
    expect(first.kind).toBe("private");
    const card = viewOf(first);
    expect(textOf(card)).toContain("Response 1");
    expect(textOf(card)).not.toContain("model-x");
    const vote = button(card, "vote", (a) => a.choice === "1");
    const voted = await slack.emit(action(ann, vote));
    expect(voted.kind).toBe("update");
    expect(textOf(viewOf(voted))).toContain("You chose: Response 1");

    const row = core.services.db.$client.prepare("SELECT j.choice, a.display_order FROM judgments j JOIN assignments a ON a.id = j.assignment_id").get() as {
      choice: string;
      display_order: string;
    };
    expect(row.choice).toBe(row.display_order === "ab" ? "a" : "b");

    const openForm = await slack.emit(action(ann, button(viewOf(voted), "rationale")));
    expect(openForm.kind).toBe("form");
    if (openForm.kind !== "form") throw new Error();
    const ids = openForm.form.fields.map((f) => f.id);
    expect(ids).toEqual(["rationale", "confidence", "difficulty", "flags", "rubric.accuracy.1", "rubric.accuracy.2"]);

    const saved = await slack.emit(
      form(
        ann,
        { verb: "rationale_form", assignmentId: vote.assignmentId },
        { rationale: "More precise.", confidence: "4", difficulty: "easy", flags: ["hallucination"], "rubric.accuracy.1": "5", "rubric.accuracy.2": "2" },
      ),
    );
    expect(textOf(viewOf(saved))).toContain("rationale saved");
    const j = core.services.db.$client.prepare("SELECT rationale, confidence, flags, rubric_scores, revision FROM judgments").get() as Record<string, unknown>;
    expect(j.rationale).toBe("More precise.");
    expect(j.confidence).toBe(4);
    expect(JSON.parse(j.flags as string)).toEqual(["hallucination"]);
    const scores = JSON.parse(j.rubric_scores as string) as Record<string, { a: number; b: number }>;
    expect(row.display_order === "ab" ? scores.accuracy : { a: scores.accuracy!.b, b: scores.accuracy!.a }).toEqual({ a: 5, b: 2 });

    const next = await slack.emit(action(ann, button(viewOf(saved), "next")));
    expect(next.kind).toBe("update");
    const nextVote = button(viewOf(next), "vote");
    expect(nextVote.assignmentId).not.toBe(vote.assignmentId);
  });

  it("gives one judgment for a double click and says so", async () => {
    const ann = user("U1");
    const vote = button(viewOf(await slack.emit(command(ann, "next"))), "vote", (a) => a.choice === "2");
    await slack.emit(action(ann, vote));
    const again = await slack.emit(action(ann, vote));
    expect(again.kind === "update" && again.privateNote?.text).toContain("Already recorded");
    expect(core.services.db.$client.prepare("SELECT count(*) AS n FROM judgments").get()).toEqual({ n: 1 });
  });

  it("refuses a click on someone else's assignment", async () => {
    const vote = button(viewOf(await slack.emit(command(user("U1"), "next"))), "vote");
    const foreign = await slack.emit(action(user("U2"), vote));
    expect(foreign.kind).toBe("private");
    expect(textOf(viewOf(foreign))).toContain("assigned to someone else");
    expect(core.services.db.$client.prepare("SELECT count(*) AS n FROM judgments").get()).toEqual({ n: 0 });
  });

  it("explains an expired lease and offers Next", async () => {
    const ann = user("U1");
    const vote = button(viewOf(await slack.emit(command(ann, "next"))), "vote");
    core.clock.advance(31 * 60_000);
    const late = await slack.emit(action(ann, vote));
    expect(late.kind).toBe("update");
    expect(textOf(viewOf(late))).toContain("expired");
    button(viewOf(late), "next");
    expect(core.services.db.$client.prepare("SELECT count(*) AS n FROM judgments").get()).toEqual({ n: 0 });
  });

  it("refuses lead commands to non-leads and shows help for unknown ones", async () => {
    const refused = await slack.emit(command(user("U1"), "pause", ["helpful"]));
    expect(textOf(viewOf(refused))).toContain("for campaign leads");
    const unknown = await slack.emit(command(user("U1"), "frobnicate"));
    expect(textOf(viewOf(unknown))).toContain("There is no `frobnicate` command");
    expect(textOf(viewOf(unknown))).toContain("/pairwise next");
  });
});
