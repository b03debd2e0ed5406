import { beforeEach, describe, expect, it } from "vitest";
import { attachPlatform } from "../../src/app.js";
import type { InboundEvent, Reply } from "../../src/core/events.js";
import type { UserRef } from "../../src/core/platform.js";
import { FakePlatform } from "../fakes/fake-platform.js";
import { createTestCore, seedCampaign, seedComparisons, type TestCore } from "../helpers/core.js";
import { action, command, textOf, user } from "../helpers/events.js";

/**
 * Who leads what: PAIRWISE_LEADS everything; a campaign file's `leads` that campaign; Discord's
 * Manage Server only the campaigns whose channels are in that server. Polls belong to the
 * workspace they were posted in.
 */
let core: TestCore;
let slack: FakePlatform;
let discord: FakePlatform;

const admin = (userId: string, guild: string): UserRef => user(userId, "discord", guild);
/** A command as an admin of a Discord server sends it (Manage Server). */
const asAdmin = (who: UserRef, sub: string, args: string[] = [], extra: Partial<InboundEvent> = {}) =>
  discord.emit({ ...command(who, sub, args), platformAdmin: true, ...extra } as InboundEvent);
const text = async (reply: Promise<Reply>) => {
  const r = await reply;
  if (r.kind === "private" || r.kind === "update") return textOf(r.view);
  if (r.kind === "deferred") return text(r.work());
  return r.kind;
};

beforeEach(async () => {
  core = createTestCore({ leads: [{ platform: "slack", userId: "UGLOBAL" }] });
  slack = new FakePlatform("slack");
  discord = new FakePlatform("discord");
  discord.workspaces.set("CH-A", "G-A");
  await attachPlatform(core, slack);
  await attachPlatform(core, discord);
  seedComparisons(core, (await seedCampaign(core, "name: in-a\nstatus: active\nguidelines: g\nchannels: [discord:CH-A]")).id, 2);
  seedComparisons(core, (await seedCampaign(core, "name: on-slack\nstatus: active\nguidelines: g\nchannels: [slack:C1]")).id, 2);
  await seedCampaign(core, "name: named\nstatus: active\nguidelines: g\nleads: [discord:UNAMED]");
});

describe("campaign lead rights", () => {
  it("Manage Server in one guild leads nothing in another guild, nor on Slack", async () => {
    const other = admin("UADMIN-B", "G-B");
    for (const [sub, args] of [
      ["export", ["in-a", "trl"]],
      ["export", ["on-slack", "csv"]],
      ["adjudicate", ["in-a"]],
      ["calibrate", ["on-slack"]],
      ["report", ["in-a"]],
      ["pause", ["on-slack"]],
      ["post", ["in-a"]],
    ] as const) {
      expect(await text(asAdmin(other, sub, [...args]))).toMatch(/You do not lead campaign|is for campaign leads/);
    }
    expect(await text(asAdmin(other, "campaigns"))).toContain("No campaign you lead yet");
    expect(core.services.db.$client.prepare("SELECT status FROM campaigns WHERE name = 'on-slack'").get()).toEqual({ status: "active" });
  });

  it("Manage Server in the campaign's guild leads that campaign only", async () => {
    const here = admin("UADMIN-A", "G-A");
    expect(await text(asAdmin(here, "pause", ["in-a"]))).toContain("Campaign in-a is paused");
    expect(await text(asAdmin(here, "pause", ["on-slack"]))).toContain('You do not lead campaign "on-slack"');
    const listed = await text(asAdmin(here, "campaigns"));
    expect(listed).toContain("in-a");
    expect(listed).not.toContain("on-slack");
    // The same person without Manage Server (a plain member) leads nothing.
    expect(await text(discord.emit(command(here, "pause", ["in-a"])))).toContain("is for campaign leads");
  });

  it("a person the campaign file names leads that campaign, and PAIRWISE_LEADS lead all of them", async () => {
    const namedLead = user("UNAMED", "discord", "G-Z");
    expect(await text(discord.emit(command(namedLead, "pause", ["named"])))).toContain("Campaign named is paused");
    expect(await text(discord.emit(command(namedLead, "pause", ["in-a"])))).toContain('You do not lead campaign "in-a"');
    for (const name of ["in-a", "on-slack", "named"])
      expect(await text(slack.emit(command(user("UGLOBAL"), "open", [name])))).toContain(`Campaign ${name} is open`);
  });

  it("someone who leads nothing learns nothing about which campaigns exist", async () => {
    expect(await text(slack.emit(command(user("U1"), "export", ["no-such-campaign"])))).toContain("is for campaign leads");
    expect(await text(slack.emit(command(user("UGLOBAL"), "export", ["no-such-campaign"])))).toContain('No campaign named "no-such-campaign"');
  });

  it("an adjudication button for another guild's item is refused", async () => {
    const item = (
      core.services.db.$client.prepare("SELECT x.id FROM comparisons x JOIN campaigns c ON c.id = x.campaign_id WHERE c.name = 'on-slack' LIMIT 1").get() as {
        id: number;
      }
    ).id;
    const reply = await discord.emit({ ...action(admin("UADMIN-A", "G-A"), { verb: "adjudicate", comparisonId: item, choice: "1" }), platformAdmin: true });
    expect(reply.kind).toBe("private");
    expect(await text(Promise.resolve(reply))).toContain('You do not lead campaign "on-slack"');
  });
});

describe("poll scope", () => {
  async function discordPoll(): Promise<number> {
    await discord.emit(
      command(user("UCREATOR", "discord", "G-A"), "poll", ["Which?", "One", "Two", "--hidden"], { channel: { platform: "discord", channelId: "CH-A" } }),
    );
    return (core.services.db.$client.prepare("SELECT id FROM polls ORDER BY id DESC LIMIT 1").get() as { id: number }).id;
  }

  it("results and closing belong to the poll's guild: another guild's admin and a Slack lead cannot see or close it", async () => {
    const id = await discordPoll();
    expect(await text(asAdmin(admin("UADMIN-B", "G-B"), "poll", ["results", String(id)]))).toContain(`There is no poll #${id} here`);
    expect(await text(asAdmin(admin("UADMIN-B", "G-B"), "poll", ["close", String(id)]))).toContain(`There is no poll #${id} here`);
    expect(await text(slack.emit(command(user("UGLOBAL"), "poll", ["close", String(id)])))).toContain(`There is no poll #${id} here`);
    expect(core.services.db.$client.prepare("SELECT status FROM polls WHERE id = ?").get(id)).not.toEqual({ status: "closed" });
  });

  it("in the poll's guild, its admin may peek at hidden results and close it; a plain member may not", async () => {
    const id = await discordPoll();
    expect(await text(discord.emit(command(user("UMEMBER", "discord", "G-A"), "poll", ["results", String(id)])))).toContain(
      "hides its results until the close",
    );
    expect(await text(discord.emit(command(user("UMEMBER", "discord", "G-A"), "poll", ["close", String(id)])))).toContain(
      "Only the person who created this poll",
    );
    expect(await text(asAdmin(admin("UADMIN-A", "G-A"), "poll", ["results", String(id)]))).not.toContain("hides its results");
    expect(await text(asAdmin(admin("UADMIN-A", "G-A"), "poll", ["close", String(id)]))).toContain(`Poll #${id} is closed`);
  });
});
