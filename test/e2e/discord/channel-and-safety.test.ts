import { afterEach, describe, expect, it } from "vitest";
import { PermissionFlagsBits } from "discord.js";
import { attachPlatform } from "../../../src/app.js";
import { parseAction } from "../../../src/core/action-ids.js";
import { FakePlatform } from "../../fakes/fake-platform.js";
import { createTestCore, seedCampaign, seedComparisons } from "../../helpers/core.js";
import { action, textOf, user } from "../../helpers/events.js";
import { startDiscordHarness, type DiscordHarness } from "../../fakes/fake-discord/harness.js";
import { channelVote } from "../../helpers/action-match.js";
import { helpfulnessCampaign } from "../../helpers/campaign-yaml.js";

const CAMPAIGN = helpfulnessCampaign(["discord:900000000000000003"]);
const MANAGE = String(PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ViewChannel);

let h: DiscordHarness;
afterEach(async () => h?.close());

describe("Discord channel mode, permissions, rate limits, two platforms", () => {
  it("a member with Manage Server posts items; votes are counted but hidden until the overlap, then revealed", async () => {
    h = await startDiscordHarness();
    const c = await seedCampaign(h.core, CAMPAIGN);
    seedComparisons(h.core, c.id, 1);
    h.discord.command("ULEAD", "post", [{ name: "campaign", type: 3, value: "c" }], { permissions: MANAGE });
    await h.settle(400);
    const post = h.discord.findMessage(channelVote("1"), h.discord.channelId)!;
    expect(JSON.stringify(post.embeds)).toContain("0 of 3 votes");
    for (const [u, choice] of [
      ["U1", "1"],
      ["U2", "1"],
    ] as const) {
      h.discord.click(u, h.discord.messages.get(post.id)!, h.discord.customIds(post).find(channelVote(choice))!);
      await h.settle();
    }
    const midway = JSON.stringify(h.discord.messages.get(post.id)!.embeds);
    expect(midway).toContain("2 of 3 votes");
    expect(midway).not.toContain("Result");
    h.discord.click("U3", h.discord.messages.get(post.id)!, h.discord.customIds(post).find(channelVote("2"))!);
    await h.settle();
    const revealed = JSON.stringify(h.discord.messages.get(post.id)!.embeds);
    expect(revealed).toContain("Response 1: **2**");
    expect(revealed).toContain("Response 2: **1**");
  });

  it("refuses a lead command to a member without Manage Server or PAIRWISE_LEADS, allows it with either", async () => {
    h = await startDiscordHarness({ leads: [{ platform: "discord", userId: "UNAMED" }] });
    await seedCampaign(h.core, CAMPAIGN);
    const refused = h.discord.command("U1", "pause", [{ name: "campaign", type: 3, value: "c" }]);
    await h.settle();
    expect(JSON.stringify(h.discord.callbacks(refused)[0]!.body)).toContain("for campaign leads");
    expect(h.core.services.db.$client.prepare("SELECT status FROM campaigns").get()).toEqual({ status: "active" });
    // Manage Server in another server the bot is in does not reach this server's campaign.
    const elsewhere = h.discord.command("UOTHER", "pause", [{ name: "campaign", type: 3, value: "c" }], { permissions: MANAGE, guildId: "900000000000000099" });
    await h.settle();
    expect(JSON.stringify(h.discord.callbacks(elsewhere)[0]!.body)).toContain('You do not lead campaign \\"c\\"');
    expect(h.core.services.db.$client.prepare("SELECT status FROM campaigns").get()).toEqual({ status: "active" });
    h.discord.command("UADMIN", "pause", [{ name: "campaign", type: 3, value: "c" }], { permissions: MANAGE });
    await h.settle();
    expect(h.core.services.db.$client.prepare("SELECT status FROM campaigns").get()).toEqual({ status: "paused" });
    h.discord.command("UNAMED", "open", [{ name: "campaign", type: 3, value: "c" }]);
    await h.settle();
    expect(h.core.services.db.$client.prepare("SELECT status FROM campaigns").get()).toEqual({ status: "active" });
  });

  it("retries a 429 on a REST route after Retry-After", async () => {
    h = await startDiscordHarness();
    const c = await seedCampaign(h.core, CAMPAIGN);
    seedComparisons(h.core, c.id, 1);
    h.discord.failNext(/^\/channels\/\d+\/messages$/, 429, 0.2);
    h.discord.command("ULEAD", "post", [{ name: "campaign", type: 3, value: "c" }], { permissions: MANAGE });
    await h.settle(1500);
    const posts = h.discord.calls.filter((x) => x.method === "POST" && /^\/channels\/\d+\/messages$/.test(x.path));
    expect(posts.map((p) => p.status)).toEqual([429, 200]);
  });

  it("one campaign voted on from Discord and from a second platform shares items and overlap", async () => {
    const core = createTestCore();
    const slack = new FakePlatform("slack");
    await attachPlatform(core, slack);
    h = await startDiscordHarness({ core });
    const c = await seedCampaign(core, CAMPAIGN.replace("overlap: 3", "overlap: 2"));
    seedComparisons(core, c.id, 1, { overlap: 2 });
    h.discord.command("U1", "next");
    await h.settle();
    const card = h.discord.findMessage((id) => id.startsWith("pw1:v:"))!;
    core.clock.advance(60_000);
    h.discord.click("U1", card, h.discord.customIds(card).find((id) => id.startsWith("pw1:v:"))!);
    await h.settle();
    const fromSlack = await slack.emit({ kind: "command", platform: "slack", user: user("S1"), subcommand: "next", args: [], receivedAt: new Date(), raw: {} });
    const view = fromSlack.kind === "private" ? fromSlack.view : undefined;
    const vote = view!.blocks
      .flatMap((b) => (b.type === "actions" ? b.buttons : []))
      .map((b) => parseAction(b.actionId))
      .find((a) => a.verb === "vote")!;
    core.clock.advance(60_000);
    await slack.emit(action(user("S1"), vote));
    // Overlap 2 reached across platforms: a third person, on either platform, gets nothing.
    const third = await slack.emit({ kind: "command", platform: "slack", user: user("S2"), subcommand: "next", args: [], receivedAt: new Date(), raw: {} });
    expect(third.kind === "private" && textOf(third.view)).toContain("Nothing left");
    expect(
      core.services.db.$client
        .prepare("SELECT a.platform, count(*) AS n FROM judgments j JOIN annotators a ON a.id = j.annotator_id GROUP BY a.platform ORDER BY a.platform")
        .all(),
    ).toEqual([
      { platform: "discord", n: 1 },
      { platform: "slack", n: 1 },
    ]);
  });
});
