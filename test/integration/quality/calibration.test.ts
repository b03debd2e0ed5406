import { describe, expect, it } from "vitest";
import { attachPlatform } from "../../../src/app.js";
import { toScreenChoice } from "../../../src/domain/choice.js";
import { createScheduler } from "../../../src/scheduler/scheduler.js";
import { JOBS } from "../../../src/scheduler/jobs.js";
import { FakePlatform } from "../../fakes/fake-platform.js";
import { createTestCore, seedCampaign, seedComparisons, type TestCore } from "../../helpers/core.js";
import { action, button, command, textOf, user, viewOf } from "../../helpers/events.js";

const CAMPAIGN = `
name: c
title: Calib
status: active
guidelines: Pick the better one.
goldRate: 0
channels: [slack:CLABEL]
leadsChannels: [slack:CLEADS]
calibration: { cron: "0 9 * * MON", items: 3, window: "48h" }
`;

/** Answers whatever calibration card `next` shows, right or wrong against reference "a". */
async function answer(core: TestCore, slack: FakePlatform, who: string, right: boolean, first?: ReturnType<typeof viewOf>) {
  const card = first ?? viewOf(await slack.emit(command(user(who), "next", ["c"])));
  const vote = button(card, "vote");
  const order = (
    core.services.db.$client.prepare("SELECT display_order FROM assignments WHERE id = ?").get(vote.assignmentId) as { display_order: "ab" | "ba" }
  ).display_order;
  const a = toScreenChoice("a", order);
  core.clock.advance(40_000);
  await slack.emit(action(user(who), { verb: "vote", assignmentId: vote.assignmentId, choice: right ? a : a === "1" ? "2" : "1" }));
}

describe("calibration", () => {
  it("qualification gate: a new annotator answers calibration items first, then is qualified and gets regular items", async () => {
    const core = createTestCore();
    const slack = new FakePlatform("slack");
    await attachPlatform(core, slack);
    const c = await seedCampaign(core, CAMPAIGN);
    seedComparisons(core, c.id, 5);
    seedComparisons(core, c.id, 4, { kind: "calibration", gold: "a", prefix: "cal" });
    const first = viewOf(await slack.emit(command(user("U1"), "next", ["c"])));
    expect(textOf(first)).toContain("Qualification: item 1 of 3");
    await answer(core, slack, "U1", true, first);
    await answer(core, slack, "U1", true);
    await answer(core, slack, "U1", true);
    const result = viewOf(await slack.emit(command(user("U1"), "next", ["c"])));
    expect(textOf(result)).toContain("You passed and are qualified");
    expect(core.services.db.$client.prepare("SELECT status FROM annotators WHERE user_id = 'U1'").get()).toEqual({ status: "qualified" });
    const regular = viewOf(await slack.emit(command(user("U1"), "next", ["c"])));
    expect(textOf(regular)).not.toContain("Qualification");
    expect(textOf(regular)).toContain("Response 1");
  });

  it("a scheduled round moves through a simulated week: announce, answer, remind, close, results, threads", async () => {
    const core = createTestCore({ start: "2026-01-04T12:00:00Z" }); // a Sunday
    const slack = new FakePlatform("slack");
    await attachPlatform(core, slack);
    const c = await seedCampaign(core, CAMPAIGN.replace("status: active", "status: active\nqualificationGate: false"));
    seedComparisons(core, c.id, 10);
    seedComparisons(core, c.id, 3, { kind: "calibration", gold: "a", prefix: "cal" });
    // Three people who labeled this week, so they count as active.
    for (const u of ["U1", "U2", "U3"]) {
      const card = viewOf(await slack.emit(command(user(u), "next", ["c"])));
      core.clock.advance(40_000);
      await slack.emit(
        action(
          user(u),
          button(card, "vote", (a) => a.choice === "1"),
        ),
      );
    }
    const scheduler = createScheduler({ jobs: JOBS, deps: core.deps, clock: core.clock, timezone: "UTC", logger: core.deps.logger });
    const step = async (hours: number) => {
      const since = core.clock.now();
      core.clock.advance(hours * 3_600_000);
      await scheduler.advance(since, core.clock.now());
      await core.deps.background.idle();
    };

    await step(22); // Monday 10:00: the 09:00 round is open and announced
    const announcement = slack.of("postMessage").find((p) => p.to.kind === "channel" && p.view.text.startsWith("Calibration round"));
    expect(announcement?.to).toMatchObject({ channel: { channelId: "CLABEL" } });
    const start = button(announcement!.view, "calibration_start");

    // U1 answers all three right; U2 all wrong; U3 starts and stops after one.
    const firstU1 = viewOf(await slack.emit(action(user("U1"), start)));
    expect(textOf(firstU1)).toContain("Calibration round: item 1 of 3");
    await answer(core, slack, "U1", true, firstU1);
    await answer(core, slack, "U1", true);
    await answer(core, slack, "U1", true);
    expect(textOf(viewOf(await slack.emit(command(user("U1"), "next", ["c"]))))).toContain("last item of the calibration round");
    await answer(core, slack, "U2", false, viewOf(await slack.emit(action(user("U2"), start))));
    await answer(core, slack, "U2", false);
    await answer(core, slack, "U2", false);
    await answer(core, slack, "U3", true, viewOf(await slack.emit(action(user("U3"), start))));

    const dmsBefore = slack.of("postMessage").filter((p) => p.to.kind === "direct").length;
    await step(36); // Tuesday 22:00: past three quarters of the window (21:00), reminders go out once
    const reminders = slack
      .of("postMessage")
      .filter((p) => p.to.kind === "direct")
      .slice(dmsBefore);
    expect(reminders.map((r) => (r.to.kind === "direct" ? r.to.user.userId : ""))).toEqual(["U3"]);
    expect(reminders[0]!.view.text).toContain("you have calibration items left");

    await step(12); // Wednesday 10:00: the round closed at 09:00
    const results = slack.of("postMessage").filter((p) => p.to.kind === "direct" && p.view.text.includes("Calibration round result"));
    const byUser = Object.fromEntries(results.map((r) => [r.to.kind === "direct" ? r.to.user.userId : "", r.view.text]));
    expect(byUser.U1).toContain("You passed");
    expect(byUser.U2).toContain("did not reach the bar");
    // One right answer of three is not a pass: a round counts only when finished.
    expect(byUser.U3).toContain("You answered 1 of the 3 items");
    const statuses = core.services.db.$client.prepare("SELECT user_id, status FROM annotators ORDER BY user_id").all();
    expect(statuses).toEqual([
      { user_id: "U1", status: "qualified" },
      { user_id: "U2", status: "needs_calibration" },
      { user_id: "U3", status: "needs_calibration" },
    ]);
    const summary = slack.of("updateMessage").find((u) => u.view.text.startsWith("Calibration round closed"));
    expect(summary?.view.text).toContain("3 took part, 1 passed");
    const threads = slack.of("startThread");
    expect(threads.length).toBeGreaterThan(0);
    // Each reader saw the pair in their own order: the thread names the reference by its opening words, not by a label nobody saw.
    expect(threads[0]!.view.text).toMatch(/the reference answer is the response beginning “Answer A for \d+”/);
    expect(JSON.stringify(threads.map((t) => t.view))).not.toMatch(/Response [AB]\b/);

    // A second week opens a second round; the first is not reopened.
    await step(24 * 5);
    expect(core.services.db.$client.prepare("SELECT count(*) AS n FROM calibration_rounds").get()).toEqual({ n: 2 });
  });

  it("lets a lead open a round on demand and refuses others", async () => {
    const core = createTestCore({ leads: [{ platform: "slack", userId: "ULEAD" }] });
    const slack = new FakePlatform("slack");
    await attachPlatform(core, slack);
    const c = await seedCampaign(core, CAMPAIGN);
    seedComparisons(core, c.id, 3, { kind: "calibration", gold: "b", prefix: "cal" });
    expect(textOf(viewOf(await slack.emit(command(user("U1"), "calibrate", ["c"]))))).toContain("for campaign leads");
    const ok = viewOf(await slack.emit(command(user("ULEAD"), "calibrate", ["c"])));
    expect(ok.text).toContain("Calibration round opened for c: 3 items");
    expect(slack.of("postMessage").some((p) => p.to.kind === "channel" && p.view.text.startsWith("Calibration round"))).toBe(true);
  });
});
