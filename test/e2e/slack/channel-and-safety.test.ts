import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runExport } from "../../../src/io/export/run-export.js";
import { seedCampaign, seedComparisons } from "../../helpers/core.js";
import { startSlackHarness, type SlackHarness } from "../../fakes/fake-slack/harness.js";
import { channelVote } from "../../helpers/action-match.js";
import { helpfulnessCampaign } from "../../helpers/campaign-yaml.js";
import { waitFor } from "../../helpers/wait-for.js";

const CAMPAIGN = helpfulnessCampaign(["slack:C0LABEL"]);

let h: SlackHarness;
afterEach(async () => h?.close());

describe("Slack channel mode and safety", () => {
  it("posts items in the channel, hides the split until the overlap, then reveals it on the message", async () => {
    h = await startSlackHarness({ leads: [{ platform: "slack", userId: "ULEAD" }] });
    const c = await seedCampaign(h.core, CAMPAIGN);
    seedComparisons(h.core, c.id, 1);
    await h.command("ULEAD", "post c 1");
    await h.settle();
    const post = h.latestMessage("C0LABEL")!;
    expect(JSON.stringify(post.blocks)).toContain("0 of 3 votes");
    await h.click("U1", channelVote("1"), { channel: "C0LABEL" });
    await h.click("U2", channelVote("1"), { channel: "C0LABEL" });
    await h.settle();
    const midway = JSON.stringify(h.latestMessage("C0LABEL")!.blocks);
    expect(midway).toContain("2 of 3 votes");
    expect(midway).not.toContain("Result");
    await h.click("U3", channelVote("2"), { channel: "C0LABEL" });
    await h.settle();
    const revealed = JSON.stringify(h.latestMessage("C0LABEL")!.blocks);
    expect(revealed).toContain("Result");
    expect(revealed).toContain("Response 1: *2*");
    expect(revealed).toContain("Response 2: *1*");
    // A late voter is told the item is complete; nothing more is stored.
    await h.click("U4", channelVote("1"), { channel: "C0LABEL" }).catch(() => undefined);
    await h.settle();
    expect(h.core.services.db.$client.prepare("SELECT count(*) AS n FROM judgments").get()).toEqual({ n: 3 });
  });

  it("refuses a lead command to a non-lead", async () => {
    h = await startSlackHarness({ leads: [{ platform: "slack", userId: "ULEAD" }] });
    await seedCampaign(h.core, CAMPAIGN);
    await h.command("U1", "pause c");
    await h.settle();
    expect(String(h.slack.responses.at(-1)?.body.text)).toContain("is for campaign leads");
    expect(h.core.services.db.$client.prepare("SELECT status FROM campaigns").get()).toEqual({ status: "active" });
  });

  it("refuses a bad signature and a request older than five minutes, dispatching nothing", async () => {
    h = await startSlackHarness();
    await seedCampaign(h.core, CAMPAIGN);
    const form = {
      team_id: "T0001",
      channel_id: "C0LABEL",
      user_id: "U1",
      command: "/pairwise",
      text: "next",
      response_url: h.slack.responseUrl(),
      trigger_id: h.slack.issueTrigger(),
    };
    const forged = await h.slack.send(h.receiver, form, { secret: "not-the-secret" });
    expect(forged.status).toBe(401);
    const stale = await h.slack.send(h.receiver, form, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(stale.status).toBe(401);
    await h.settle();
    expect(h.slack.calls).toHaveLength(0);
    expect(h.core.services.db.$client.prepare("SELECT count(*) AS n FROM assignments").get()).toEqual({ n: 0 });
  });

  it("refuses a replayed request: the same signed body a second time", async () => {
    h = await startSlackHarness();
    const c = await seedCampaign(h.core, CAMPAIGN);
    seedComparisons(h.core, c.id, 2);
    const body = new URLSearchParams({
      team_id: "T0001",
      channel_id: "C0LABEL",
      user_id: "U1",
      command: "/pairwise",
      text: "next",
      response_url: h.slack.responseUrl(),
      trigger_id: h.slack.issueTrigger(),
    }).toString();
    const headers = { "content-type": "application/x-www-form-urlencoded", ...h.slack.sign(body) };
    const first = await fetch(h.receiver, { method: "POST", headers, body });
    const replay = await fetch(h.receiver, { method: "POST", headers, body });
    expect(first.status).toBe(200);
    expect(replay.status).toBe(401);
    await h.settle();
    expect(h.core.services.db.$client.prepare("SELECT count(*) AS n FROM assignments").get()).toEqual({ n: 1 });
  });

  it("retries a 429 from chat.postMessage after Retry-After and delivers the message once", async () => {
    h = await startSlackHarness();
    const c = await seedCampaign(h.core, CAMPAIGN);
    seedComparisons(h.core, c.id, 1);
    h.slack.failNext("chat.postMessage", { status: 429, retryAfter: 1 });
    await h.command("U1", "next");
    await waitFor(() => h!.slack.calls.filter((call) => call.method === "chat.postMessage").length >= 2, "the retried chat.postMessage");
    await h.settle();
    const posts = h.slack.calls.filter((call) => call.method === "chat.postMessage");
    expect(posts.map((p) => p.status)).toEqual([429, 200]);
    expect(h.slack.of("chat.postMessage")).toHaveLength(1);
  });

  it("a judgment made through Slack shows in the export", async () => {
    h = await startSlackHarness();
    const c = await seedCampaign(h.core, CAMPAIGN);
    seedComparisons(h.core, c.id, 1);
    await h.command("U1", "next");
    await h.settle();
    h.core.clock.advance(45_000);
    await h.click("U1", (id) => id.startsWith("pw1:v:"));
    await h.settle();
    const out = join(mkdtempSync(join(tmpdir(), "pw-slack-export-")), "raw.jsonl");
    await runExport(h.core.services, { campaign: "c", format: "raw", out, realIds: true });
    const row = JSON.parse(readFileSync(out, "utf8").trim()) as Record<string, unknown>;
    expect(row).toMatchObject({ annotator: "slack:U1", annotator_platform: "slack", source: "platform", time_taken_ms: 45_000 });
  });
});
