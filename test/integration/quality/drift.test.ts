import { describe, expect, it } from "vitest";
import { attachPlatform } from "../../../src/app.js";
import { createScheduler } from "../../../src/scheduler/scheduler.js";
import { JOBS } from "../../../src/scheduler/jobs.js";
import { FakePlatform } from "../../fakes/fake-platform.js";
import { createTestCore, seedCampaign, seedComparisons } from "../../helpers/core.js";

describe("drift", () => {
  it("compares last week with the four before and schedules a recalibration on a drop", async () => {
    const core = createTestCore({ start: "2026-01-05T00:00:00Z" }); // Monday
    const slack = new FakePlatform("slack");
    await attachPlatform(core, slack);
    const c = await seedCampaign(
      core,
      "name: c\ntitle: Summer batch.\nstatus: active\nguidelines: g\ngoldRate: 0\nqualificationGate: false\nleadsChannels: [slack:CLEADS]",
    );
    const items = seedComparisons(core, c.id, 6 * 12, { overlap: 3 });
    const db = core.services.db.$client;
    const addAnnotator = db.prepare(
      "INSERT INTO annotators (platform, workspace_id, user_id, status, created_at) VALUES ('slack', 'T1', ?, 'qualified', 0) RETURNING id",
    );
    const [u1, p1, p2] = ["U1", "P1", "P2"].map((u) => (addAnnotator.get(u) as { id: number }).id);
    const judge = db.prepare(
      "INSERT INTO judgments (campaign_id, comparison_id, annotator_id, choice, display_order, time_taken_ms, source, created_at, updated_at) VALUES (?, ?, ?, ?, 'ab', 30000, 'platform', ?, ?)",
    );
    // Five weeks of 12 items each; the peers always say "a"; U1 agrees for four weeks, then not.
    for (let week = 0; week < 5; week++) {
      for (let i = 0; i < 12; i++) {
        const item = items[week * 12 + i]!;
        const at = Date.parse("2026-01-05T10:00:00Z") + week * 7 * 86_400_000 + i * 60_000;
        judge.run(c.id, item, p1, "a", at, at);
        judge.run(c.id, item, p2, "a", at, at);
        judge.run(c.id, item, u1, week < 4 ? "a" : "b", at, at);
      }
    }
    const scheduler = createScheduler({
      jobs: JOBS.filter((j) => j.name === "drift-check"),
      deps: core.deps,
      clock: core.clock,
      timezone: "UTC",
      logger: core.deps.logger,
    });
    const since = core.clock.now();
    core.clock.set("2026-02-09T07:00:00Z"); // the Monday after week 5
    const ran = await scheduler.advance(since, core.clock.now());
    expect(ran).toHaveLength(6); // every Monday 06:00 from Jan 5 to Feb 9
    await core.deps.background.idle();
    expect(db.prepare("SELECT user_id, status FROM annotators ORDER BY user_id").all()).toEqual([
      { user_id: "P1", status: "qualified" },
      { user_id: "P2", status: "qualified" },
      { user_id: "U1", status: "needs_calibration" },
    ]);
    expect(db.prepare("SELECT count(*) AS n FROM annotator_weekly WHERE annotator_id = ?").get(u1)).toEqual({ n: 5 });
    const dm = slack.of("postMessage").find((p) => p.to.kind === "direct");
    expect(dm?.view.text).toContain("In Summer batch, your agreement fell from 100% to 0% last week");
    // The leads read a mention of the person (Slack shows the name), not an id and a platform.
    const toLeads = slack.of("postMessage").find((p) => p.to.kind === "channel" && p.view.text.startsWith("Drift"));
    expect(toLeads?.view.text).toBe("Drift in Summer batch: <@U1>: agreement fell from 100% to 0% last week; recalibration scheduled.");
  });
});
