import { afterEach, describe, expect, it } from "vitest";
import { createScheduler } from "../../../src/scheduler/scheduler.js";
import { JOBS } from "../../../src/scheduler/jobs.js";
import { startDiscordHarness, type DiscordHarness } from "../../fakes/fake-discord/harness.js";
import { pollButton } from "../../helpers/action-match.js";
import { waitFor } from "../../helpers/wait-for.js";

let h: DiscordHarness;
afterEach(async () => h?.close());

describe("polls in Discord (real discord.js client, fake Discord)", () => {
  it("create, vote, change, anonymous refusal of a second vote, close on time with a chart attached", async () => {
    h = await startDiscordHarness({ start: "2026-03-02T10:00:00Z" });
    const create = h.discord.command("U1", "poll", [{ name: "args", type: 3, value: '"Best name?" "Atlas" "Beacon" "Compass" --close 30m' }]);
    // Deferred while the poll is posted, then the original response says it is up.
    const up = await waitFor(
      () => h.discord.calls.find((c) => c.method === "PATCH" && c.path.includes(`/${create.token}/messages/@original`)),
      "the creator's answer",
    );
    expect(h.discord.callbacks(create)[0]!.body.type).toBe(5);
    expect(String(up.body.content) + JSON.stringify(up.body.embeds)).toContain("Poll #1 is up in this channel");
    const post = h.discord.findMessage(pollButton(0), h.discord.channelId)!;
    expect(JSON.stringify(post.embeds)).toContain("Best name?");
    const click = (u: string, option: number) => h.discord.click(u, h.discord.messages.get(post.id)!, h.discord.customIds(post).find(pollButton(option))!);
    click("U1", 0);
    await h.settle();
    click("U2", 2);
    await h.settle();
    click("U1", 2); // changed
    await h.settle();
    expect(JSON.stringify(h.discord.messages.get(post.id)!.embeds)).toContain("2 (100%)");

    const scheduler = createScheduler({ jobs: JOBS, deps: h.core.deps, clock: h.core.clock, timezone: "UTC", logger: h.core.deps.logger });
    const since = h.core.clock.now();
    h.core.clock.advance(31 * 60_000);
    await scheduler.advance(since, h.core.clock.now());
    await h.settle(600);
    const closed = h.discord.messages.get(post.id)!;
    expect(closed.components).toEqual([]);
    expect(JSON.stringify(closed.embeds)).toContain("Closed · 2 people voted");
    // The chart goes into a thread started from the poll message first, as Discord requires.
    const chart = h.discord.calls.find((c) => c.files.some((f) => f.name === "poll-1.png"));
    expect(chart?.status).toBe(200);
    expect(h.discord.threads).toEqual([expect.objectContaining({ id: post.id, parentId: h.discord.channelId, messageId: post.id, name: "Poll #1 results" })]);
    expect(chart!.path).toBe(`/channels/${post.id}/messages`);

    h.discord.command("U3", "poll", [{ name: "args", type: 3, value: '"Anonymous?" "Yes" "No" --anonymous' }]);
    await h.settle(400);
    const anon = h.discord.findMessage(pollButton(0), h.discord.channelId)!;
    h.discord.click("U4", anon, h.discord.customIds(anon).find(pollButton(0))!);
    await h.settle();
    const second = h.discord.click("U4", h.discord.messages.get(anon.id)!, h.discord.customIds(anon).find(pollButton(1))!);
    await h.settle();
    expect(JSON.stringify(h.discord.callbacks(second)[0]!.body)).toContain("Anonymous votes are final");
    expect(h.discord.calls.filter((c) => c.status >= 400)).toEqual([]);
  });

  it("in a channel the bot cannot post in (Missing Access): the creator is told at once what to do, and it is not retried", async () => {
    h = await startDiscordHarness({ start: "2026-03-02T10:00:00Z" });
    h.discord.noAccess.add(h.discord.channelId);
    const create = h.discord.command("U1", "poll", [{ name: "args", type: 3, value: '"Ship it?" "Yes" "No"' }]);
    const told = await waitFor(
      () => h.discord.calls.find((c) => c.method === "PATCH" && c.path.includes(`/${create.token}/messages/@original`)),
      "the creator's answer",
    );
    const text = String(told.body.content) + JSON.stringify(told.body.embeds);
    expect(text).toContain("Poll #1 was not posted: Pairwise is not a member of this channel");
    expect(text).toContain("View Channel and Send Messages");
    expect(h.core.services.db.$client.prepare("SELECT status FROM polls").get()).toEqual({ status: "failed" });
    const scheduler = createScheduler({ jobs: JOBS, deps: h.core.deps, clock: h.core.clock, timezone: "UTC", logger: h.core.deps.logger });
    const since = h.core.clock.now();
    h.core.clock.advance(10 * 60_000);
    await scheduler.advance(since, h.core.clock.now());
    expect(h.discord.calls.filter((c) => c.method === "POST" && c.path === `/channels/${h.discord.channelId}/messages`)).toHaveLength(1);
  });
});
