import { describe, expect, it } from "vitest";
import { attachPlatform } from "../../../src/app.js";
import { createScheduler } from "../../../src/scheduler/scheduler.js";
import { JOBS } from "../../../src/scheduler/jobs.js";
import { castVote } from "../../../src/services/cast-vote.js";
import { nextAssignment } from "../../../src/services/next-assignment.js";
import { calibrationStep } from "../../../src/services/quality/calibration.js";
import { toScreenChoice } from "../../../src/domain/choice.js";
import { FakePlatform } from "../../fakes/fake-platform.js";
import { createTestCore, seedCampaign, seedComparisons } from "../../helpers/core.js";
import { action, button, command, textOf, user, viewOf } from "../../helpers/events.js";

describe("gold checks", () => {
  it("flags an annotator under the gold threshold (last 25, at least 10), tells them privately and notifies the leads", async () => {
    const core = createTestCore({ seed: 11 });
    const slack = new FakePlatform("slack");
    await attachPlatform(core, slack);
    const c = await seedCampaign(core, "name: c\nstatus: active\nguidelines: g\ngoldRate: 0.5\noverlap: 1\nleadsChannels: [slack:CLEADS]");
    seedComparisons(core, c.id, 60, { overlap: 1 });
    seedComparisons(core, c.id, 30, { kind: "gold", gold: "a", prefix: "gold" });
    const ann = user("U1");
    // 8 right, then 2 wrong: 80% over 10 answers, under 88%.
    for (let gold = 0; gold < 10; ) {
      const card = viewOf(await slack.emit(command(ann, "next", ["c"])));
      const vote = button(card, "vote", (a) => a.choice === "1");
      const a = core.services.db.$client.prepare("SELECT display_order, kind FROM assignments WHERE id = ?").get(vote.assignmentId) as {
        display_order: "ab" | "ba";
        kind: string;
      };
      if (a.kind !== "gold") {
        await slack.emit(action(ann, vote));
        continue;
      }
      const right = toScreenChoice("a", a.display_order);
      const wrong = right === "1" ? "2" : "1";
      const reply = await slack.emit(action(ann, { verb: "vote", assignmentId: vote.assignmentId, choice: gold < 8 ? right : wrong }));
      expect(textOf(viewOf(reply))).toContain("check item");
      gold++;
      const status = (core.services.db.$client.prepare("SELECT status FROM annotators WHERE user_id = 'U1'").get() as { status: string }).status;
      expect(status).toBe(gold < 10 ? "new" : "needs_calibration");
    }
    await core.deps.background.idle();
    const dm = slack.of("postMessage").find((c) => c.to.kind === "direct");
    expect(dm?.view.text).toContain("8 times out of the last 10 (80%)");
    const leads = slack.of("postMessage").find((c) => c.to.kind === "channel" && c.to.channel.channelId === "CLEADS");
    expect(leads?.view.text).toContain("now needs calibration");
  });

  it("shows the expected answer and its explanation right after a gold vote", async () => {
    const core = createTestCore();
    const c = await seedCampaign(core, "name: c\nstatus: active\nguidelines: g\ngoldRate: 0.5\nqualificationGate: false");
    seedComparisons(core, c.id, 2, { kind: "gold", gold: "b", prefix: "gold" });
    // An owed gold check makes the first item gold deterministically.
    core.services.db.$client.prepare("INSERT INTO annotators (platform, workspace_id, user_id, created_at) VALUES ('slack', 'T1', 'U1', 0)").run();
    core.services.db.$client.prepare("INSERT INTO gold_due (campaign_id, annotator_id, due_since) SELECT ?, id, 0 FROM annotators").run(c.id);
    const a = await nextAssignment(core.services, { campaign: "c", annotator: { platform: "slack", workspaceId: "T1", userId: "U1" } });
    const result = await castVote(core.services, {
      annotator: { platform: "slack", workspaceId: "T1", userId: "U1" },
      assignmentId: a.assignment.id,
      choice: toScreenChoice("a", a.assignment.displayOrder),
    });
    expect(result.goldFeedback).toEqual({ answer: "b", explanation: "Because b is right.", correct: false });
  });

  it("makes every active annotator's next item a gold check at the scheduled times", async () => {
    const core = createTestCore({ start: "2026-01-05T09:00:00Z" });
    const c = await seedCampaign(core, 'name: c\nstatus: active\nguidelines: g\ngoldRate: 0\ngoldChecks: { cron: "0 */4 * * *" }');
    seedComparisons(core, c.id, 20, { overlap: 5 });
    seedComparisons(core, c.id, 5, { kind: "gold", gold: "a", prefix: "gold" });
    const who = { platform: "slack", workspaceId: "T1", userId: "U1" };
    for (let i = 0; i < 3; i++) {
      const a = await nextAssignment(core.services, { campaign: "c", annotator: who });
      expect(a.assignment.kind).toBe("regular");
      await castVote(core.services, { annotator: who, assignmentId: a.assignment.id, choice: "1" });
    }
    const scheduler = createScheduler({ jobs: JOBS, deps: core.deps, clock: core.clock, timezone: "UTC", logger: core.deps.logger });
    const since = core.clock.now();
    core.clock.advance(4 * 3600_000);
    await scheduler.advance(since, core.clock.now());
    const owed = await nextAssignment(core.services, { campaign: "c", annotator: who });
    expect(owed.assignment.kind).toBe("gold");
    await castVote(core.services, { annotator: who, assignmentId: owed.assignment.id, choice: "1" });
    expect((await nextAssignment(core.services, { campaign: "c", annotator: who })).assignment.kind).toBe("regular");
    // Someone who never labeled here owes nothing.
    expect((await nextAssignment(core.services, { campaign: "c", annotator: { ...who, userId: "U9" } })).assignment.kind).toBe("regular");
  });
});

describe("check answers are final", () => {
  const who = user("U1");
  async function goldCard(goldFeedback: boolean) {
    const core = createTestCore();
    const slack = new FakePlatform("slack");
    await attachPlatform(core, slack);
    const c = await seedCampaign(core, `name: c\nstatus: active\nguidelines: g\ngoldRate: 0.5\nqualificationGate: false\ngoldFeedback: ${goldFeedback}`);
    seedComparisons(core, c.id, 1, { kind: "gold", gold: "b", prefix: "gold" });
    // An owed gold check makes the first item gold.
    core.services.db.$client.prepare("INSERT INTO annotators (platform, workspace_id, user_id, created_at) VALUES ('slack', 'T1', 'U1', 0)").run();
    core.services.db.$client.prepare("INSERT INTO gold_due (campaign_id, annotator_id, due_since) SELECT ?, id, 0 FROM annotators").run(c.id);
    const card = viewOf(await slack.emit(command(who, "next", ["c"])));
    const { assignmentId } = button(card, "vote");
    const order = (core.services.db.$client.prepare("SELECT display_order FROM assignments WHERE id = ?").get(assignmentId) as { display_order: "ab" | "ba" })
      .display_order;
    const expected = toScreenChoice("b", order);
    const missed = expected === "1" ? "2" : "1";
    core.clock.advance(30_000);
    const voted = viewOf(await slack.emit(action(who, { verb: "vote", assignmentId, choice: missed })));
    const retry = await slack.emit(action(who, { verb: "vote", assignmentId, choice: expected }));
    const stored = core.services.db.$client.prepare("SELECT choice, revision FROM judgments").get();
    return { voted, retry, stored, expected };
  }

  it("a gold answer cannot be changed into the expected one once the expected answer is shown, and the card says so", async () => {
    const { voted, retry, stored, expected } = await goldCard(true);
    expect(textOf(voted)).toContain(`Expected: *Response ${expected}*`);
    expect(textOf(voted)).toContain("this was a check item: your answer is final");
    expect(textOf(voted)).not.toContain("you can change your answer");
    expect(retry.kind === "private" && textOf(retry.view)).toContain("this was a check item and its expected answer is shown, so the answer is final");
    // Still a miss: the stored answer is the first one.
    expect(stored).toEqual({ choice: "a", revision: 1 });
  });

  it("without feedback a gold item looks like any other: its answer can change while it is held", async () => {
    const { voted, stored } = await goldCard(false);
    expect(textOf(voted)).toContain("you can change your answer while the item is yours");
    expect(stored).toEqual({ choice: "b", revision: 2 });
  });

  it("a calibration answer is final", async () => {
    const core = createTestCore();
    const c = await seedCampaign(core, "name: c\nstatus: active\nguidelines: g\ngoldRate: 0");
    seedComparisons(core, c.id, 2);
    seedComparisons(core, c.id, 3, { kind: "calibration", gold: "a", prefix: "cal" });
    const annotator = { platform: "slack", workspaceId: "T1", userId: "U1" };
    const step = await calibrationStep(core.services, { campaign: c, annotator });
    if (step.kind !== "item") throw new Error(step.kind);
    const id = step.view.assignment.id;
    core.clock.advance(30_000);
    await castVote(core.services, { annotator, assignmentId: id, choice: "1" });
    await expect(castVote(core.services, { annotator, assignmentId: id, choice: "2" })).rejects.toThrow(/calibration answers are final/);
  });
});
