import { describe, expect, it } from "vitest";
import { closeDueRounds } from "../../../src/services/quality/calibration-rounds.js";
import { createWebhook } from "../../../src/services/webhooks/subscriptions.js";
import { createTestCore, seedCampaign } from "../../helpers/core.js";

describe("calibration.closed", () => {
  it("is queued in the transaction that closes the round, once", async () => {
    const core = createTestCore();
    const campaign = await seedCampaign(core, "name: c\nstatus: active\nguidelines: g\n");
    await createWebhook(core.services, { campaign: "c", url: "https://example.com/h", events: ["calibration.closed"] });
    const now = core.clock.now().getTime();
    core.services.db.$client
      .prepare("INSERT INTO calibration_rounds (campaign_id, run_key, status, items, opens_at, remind_at, closes_at) VALUES (?, 'r1', 'open', '[]', ?, ?, ?)")
      .run(campaign.id, now - 3_600_000, now - 1_800_000, now - 1000);
    expect((await closeDueRounds(core.services, core.clock.now())).length).toBe(1);
    expect((await closeDueRounds(core.services, core.clock.now())).length).toBe(0);
    const rows = core.services.db.$client.prepare("SELECT type, body FROM webhook_outbox").all() as { type: string; body: string }[];
    expect(rows.map((r) => r.type)).toEqual(["calibration.closed"]);
    expect(JSON.parse(rows[0]!.body)).toMatchObject({ type: "calibration.closed", campaign: "c", data: { participants: 0, passed: 0 } });
  });
});

describe("item.completed from a channel vote", () => {
  it("is queued with the vote that brings the item to its overlap", async () => {
    const { channelVote } = await import("../../../src/services/channel-vote.js");
    const { insertChannelPost, setPostStatus } = await import("../../../src/storage/repos/channel-posts.repo.js");
    const { seedComparisons } = await import("../../helpers/core.js");
    const core = createTestCore();
    const campaign = await seedCampaign(core, "name: c\nstatus: active\nguidelines: g\ngoldRate: 0\nqualificationGate: false\npeerReviewRate: 0\noverlap: 2\n");
    const [item] = seedComparisons(core, campaign.id, 1, { overlap: 2 });
    await createWebhook(core.services, { campaign: "c", url: "https://example.com/h", events: ["item.completed"] });
    const post = await insertChannelPost(core.services.db, {
      campaignId: campaign.id,
      comparisonId: item!,
      platform: "slack",
      channelId: "C1",
      displayOrder: "ab",
      createdAt: core.clock.now(),
    });
    await setPostStatus(core.services.db, post.id, "posted");
    const events = () => core.services.db.$client.prepare("SELECT type, body FROM webhook_outbox").all() as { type: string; body: string }[];
    core.clock.advance(60_000);
    await channelVote(core.services, { annotator: { platform: "slack", workspaceId: "T1", userId: "U1" }, postId: post.id, choice: "1" });
    expect(events()).toEqual([]);
    await channelVote(core.services, { annotator: { platform: "slack", workspaceId: "T1", userId: "U2" }, postId: post.id, choice: "1" });
    expect(events().map((e) => e.type)).toEqual(["item.completed"]);
    expect(JSON.parse(events()[0]!.body).data).toMatchObject({ item_id: "item-0", judgments: 2 });
  });
});

describe("the delivery log", () => {
  it("forgets successful deliveries after 30 days and keeps failed ones", async () => {
    const { DUE_WORK } = await import("../../../src/scheduler/jobs.js");
    const core = createTestCore();
    const campaign = await seedCampaign(core, "name: c\nguidelines: g\n");
    const { webhook } = await createWebhook(core.services, { campaign: "c", url: "https://example.com/h", events: ["export.ready"] });
    const now = core.clock.now().getTime();
    const insert = core.services.db.$client.prepare(
      "INSERT INTO webhook_outbox (webhook_id, event_id, event_key, type, body, status, attempts, next_attempt_at, created_at, delivered_at) VALUES (?, ?, ?, 'export.ready', '{}', ?, 1, 0, ?, ?)",
    );
    insert.run(webhook.id, "e1", "k1", "delivered", now - 40 * 86_400_000, now - 40 * 86_400_000);
    insert.run(webhook.id, "e2", "k2", "delivered", now - 2 * 86_400_000, now - 2 * 86_400_000);
    insert.run(webhook.id, "e3", "k3", "failed", now - 40 * 86_400_000, null);
    void campaign;
    const work = DUE_WORK.find((w) => w.name === "webhook-log-prune")!;
    await work.work(core.deps, core.clock.now());
    const left = (core.services.db.$client.prepare("SELECT event_id FROM webhook_outbox ORDER BY id").all() as { event_id: string }[]).map((r) => r.event_id);
    expect(left).toEqual(["e2", "e3"]);
  });
});
