import { describe, expect, it } from "vitest";
import { attachPlatform } from "../../../src/app.js";
import { createScheduler } from "../../../src/scheduler/scheduler.js";
import { JOBS } from "../../../src/scheduler/jobs.js";
import { FakePlatform } from "../../fakes/fake-platform.js";
import { createTestCore, seedCampaign, seedComparisons } from "../../helpers/core.js";
import { action, button, command, textOf, user, viewOf } from "../../helpers/events.js";

describe("daily digest and annotator stats", () => {
  it("posts yesterday's progress, agreement and alerts to the leads' channel each morning", async () => {
    const core = createTestCore({ start: "2026-01-05T10:00:00Z" });
    const slack = new FakePlatform("slack");
    await attachPlatform(core, slack);
    const c = await seedCampaign(
      core,
      "name: c\ntitle: Daily\nstatus: active\nguidelines: g\ngoldRate: 0\nqualificationGate: false\noverlap: 2\nleadsChannels: [slack:CLEADS]",
    );
    seedComparisons(core, c.id, 3, { overlap: 2 });
    for (const u of ["U1", "U2"]) {
      const card = viewOf(await slack.emit(command(user(u), "next", ["c"])));
      core.clock.advance(60_000);
      await slack.emit(
        action(
          user(u),
          button(card, "vote", (a) => a.choice === "1"),
        ),
      );
    }
    const scheduler = createScheduler({
      jobs: JOBS.filter((j) => j.name === "daily-digest"),
      deps: core.deps,
      clock: core.clock,
      timezone: "UTC",
      logger: core.deps.logger,
    });
    // The bot started on the 5th: the catch-up digest about the 4th (a day it did not run) says nothing.
    expect(await scheduler.catchUp(core.clock.now())).toEqual(["daily-digest:2026-01-05T09:00"]);
    expect(slack.of("postMessage").filter((p) => p.to.kind === "channel")).toEqual([]);
    const since = core.clock.now();
    core.clock.set("2026-01-06T09:30:00Z");
    expect(await scheduler.advance(since, core.clock.now())).toEqual(["daily-digest:2026-01-06T09:00"]);
    await core.deps.background.idle();
    const digest = slack.of("postMessage").find((p) => p.to.kind === "channel" && p.to.channel.channelId === "CLEADS");
    expect(digest?.view.text).toContain("Daily digest · Daily · 2 judgments by 2 people on 2026-01-05; 1 of 3 items complete.");
    expect(digest?.view.text).toContain("Agreement so far: Krippendorff");
    expect(digest?.view.text).toContain("No alerts.");
  });

  it("on a first start, and on days nothing happened, posts no digest at all", async () => {
    const core = createTestCore({ start: "2026-01-07T10:00:00Z" });
    const slack = new FakePlatform("slack");
    await attachPlatform(core, slack);
    const c = await seedCampaign(
      core,
      "name: c\ntitle: Quiet\nstatus: active\nguidelines: g\ngoldRate: 0\nqualificationGate: false\nleadsChannels: [slack:CLEADS]",
    );
    seedComparisons(core, c.id, 3);
    const scheduler = createScheduler({ jobs: JOBS, deps: core.deps, clock: core.clock, timezone: "UTC", logger: core.deps.logger });
    // First start: the catch-up fires the digest of the 7th 09:00 (about the 6th, before the bot existed).
    expect(await scheduler.catchUp(core.clock.now())).toContain("daily-digest:2026-01-07T09:00");
    // A whole quiet day with the bot running (every minute's sweep), then the next morning's digest.
    const since = core.clock.now();
    core.clock.set("2026-01-08T09:05:00Z");
    expect(await scheduler.advance(since, core.clock.now())).toContain("daily-digest:2026-01-08T09:00");
    await new Promise((r) => setTimeout(r, 20));
    expect(slack.of("postMessage").filter((p) => p.to.kind === "channel" && p.to.channel.channelId === "CLEADS")).toEqual([]);
  });

  it("reports the calendar day of the team's time zone", async () => {
    const core = createTestCore({ start: "2026-01-05T23:30:00Z", timezone: "Asia/Tokyo" }); // 08:30 on the 6th in Tokyo
    const slack = new FakePlatform("slack");
    await attachPlatform(core, slack);
    const c = await seedCampaign(
      core,
      "name: c\ntitle: Tokyo\nstatus: active\nguidelines: g\ngoldRate: 0\nqualificationGate: false\noverlap: 1\nleadsChannels: [slack:CLEADS]",
    );
    seedComparisons(core, c.id, 2);
    const scheduler = createScheduler({
      jobs: JOBS.filter((j) => j.name === "daily-digest"),
      deps: core.deps,
      clock: core.clock,
      timezone: "Asia/Tokyo",
      logger: core.deps.logger,
    });
    await scheduler.catchUp(core.clock.now());
    const card = viewOf(await slack.emit(command(user("U1"), "next", ["c"])));
    await slack.emit(
      action(
        user("U1"),
        button(card, "vote", (a) => a.choice === "1"),
      ),
    );
    const since = core.clock.now();
    core.clock.set("2026-01-07T00:30:00Z"); // 09:30 on the 7th in Tokyo
    await scheduler.advance(since, core.clock.now());
    await new Promise((r) => setTimeout(r, 20));
    const digest = slack.of("postMessage").find((p) => p.to.kind === "channel" && p.to.channel.channelId === "CLEADS");
    expect(digest?.view.text).toContain("1 judgment by 1 person on 2026-01-06; 0 of 2 items complete.");
  });

  it("/pairwise stats shows agreement and where you stand, and the leaderboard honours opt-out", async () => {
    const core = createTestCore();
    const slack = new FakePlatform("slack");
    await attachPlatform(core, slack);
    const c = await seedCampaign(
      core,
      "name: c\ntitle: Stats\nstatus: active\nguidelines: g\ngoldRate: 0\nqualificationGate: false\noverlap: 3\npeerReviewRate: 0",
    );
    seedComparisons(core, c.id, 4);
    for (const u of ["U1", "U2", "U3"]) {
      for (let i = 0; i < (u === "U1" ? 2 : 1); i++) {
        const card = viewOf(await slack.emit(command(user(u), "next", ["c"])));
        core.clock.advance(60_000);
        await slack.emit(
          action(
            user(u),
            button(card, "vote", (a) => a.choice === "tie"),
          ),
        );
      }
    }
    const mine = textOf(viewOf(await slack.emit(command(user("U1"), "stats"))));
    expect(mine).toContain("Agreement with others: 100%");
    expect(mine).toContain("Where you stand: #1 of 3 by judgments");
    await slack.emit(command(user("U2"), "stats", ["optout"]));
    const board = viewOf(await slack.emit(command(user("U1"), "stats"))).blocks.find((b) => b.type === "context");
    expect(board && "text" in board ? board.text : "").toMatch(/^Leaderboard \(Stats\): 1\. you 2 · 2\. ann-[0-9a-f]{12} 1$/);
  });
});
