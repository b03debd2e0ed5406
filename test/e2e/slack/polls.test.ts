import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createScheduler } from "../../../src/scheduler/scheduler.js";
import { JOBS } from "../../../src/scheduler/jobs.js";
import { startSlackHarness, type SlackHarness } from "../../fakes/fake-slack/harness.js";
import { pollButton } from "../../helpers/action-match.js";

let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("polls in Slack (real Bolt app, fake Slack)", () => {
  it("create, vote, change a vote, hidden counts, close on time with the clock moved, result with a chart", async () => {
    h = await startSlackHarness({ start: "2026-03-02T10:00:00Z" });
    await h.command("U1", 'poll "Subject line?" "Launch day" "We are live" --hidden --close 2h', "CPOLL");
    await h.settle();
    expect(JSON.stringify(h.latestMessage("CPOLL")!.blocks)).toContain("Subject line?");
    await h.click("U1", pollButton(0), { channel: "CPOLL" });
    await h.click("U2", pollButton(0), { channel: "CPOLL" });
    await h.click("U1", pollButton(1), { channel: "CPOLL" }); // changed
    await h.settle();
    const live = JSON.stringify(h.latestMessage("CPOLL")!.blocks);
    expect(live).toContain("2 voted");
    expect(live).not.toContain("(50%)"); // hidden until the close
    expect(h.slack.of("chat.postEphemeral").some((m) => String(m.text).includes("Voted 2. We are live") && m.user === "U1")).toBe(true);

    const scheduler = createScheduler({ jobs: JOBS, deps: h.core.deps, clock: h.core.clock, timezone: "UTC", logger: h.core.deps.logger });
    const since = h.core.clock.now();
    h.core.clock.advance(121 * 60_000);
    await scheduler.advance(since, h.core.clock.now());
    await h.settle();
    const closed = JSON.stringify(h.latestMessage("CPOLL")!.blocks);
    expect(closed).toContain("1 (50%)");
    expect(closed).not.toContain('"type":"actions"');
    const upload = h.slack.of("files.completeUploadExternal").at(-1)!;
    expect(upload.channel_id).toBe("CPOLL");
    expect(upload.thread_ts).toBeDefined();
    expect(h.slack.refused()).toEqual([]);
  });

  it("an anonymous poll from the form; a restart between creation and close still closes it", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "pw-slack-poll-")), "p.db");
    h = await startSlackHarness({ databasePath: path, start: "2026-03-02T10:00:00Z" });
    await h.command("U1", "poll", "CPOLL");
    await h.settle();
    expect(h.slack.of("views.open")).toHaveLength(1);
    await h.submit("U1", { question: "Keep the Friday demo?", options: "Yes\nNo", close: "1h", settings: ["anonymous"] });
    await h.settle();
    await h.click("U7", pollButton(0), { channel: "CPOLL" });
    await h.click("U7", pollButton(1), { channel: "CPOLL" });
    await h.settle();
    expect(h.slack.of("chat.postEphemeral").some((m) => String(m.text).includes("Anonymous votes are final"))).toBe(true);
    await h.close();

    h = await startSlackHarness({ databasePath: path, start: "2026-03-02T12:00:00Z" });
    const scheduler = createScheduler({ jobs: JOBS, deps: h.core.deps, clock: h.core.clock, timezone: "UTC", logger: h.core.deps.logger });
    await scheduler.catchUp(h.core.clock.now());
    await h.settle();
    const update = h.slack.of("chat.update").at(-1)!;
    expect(update.channel).toBe("CPOLL");
    expect(JSON.stringify(update.blocks)).toContain("1 (100%)");
    expect(h.slack.of("files.completeUploadExternal")).toHaveLength(1);
  });
});
