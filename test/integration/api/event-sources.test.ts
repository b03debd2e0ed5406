import { describe, expect, it } from "vitest";
import { closeDueRounds } from "../../../src/services/quality/calibration-rounds.js";
import { createWebhook } from "../../../src/services/webhooks/subscriptions.js";
import { createTestCore, seedCampaign } from "../../helpers/core.js";

describe("calibration.closed", () => {
  it("is queued in the transaction that closes the round, once", () => {
    const core = createTestCore();
    const campaign = seedCampaign(core, "name: c\nstatus: active\nguidelines: g\n");
    createWebhook(core.services, { campaign: "c", url: "https://example.com/h", events: ["calibration.closed"] });
    const now = core.clock.now().getTime();
    core.services.db.$client
      .prepare("INSERT INTO calibration_rounds (campaign_id, run_key, status, items, opens_at, remind_at, closes_at) VALUES (?, 'r1', 'open', '[]', ?, ?, ?)")
      .run(campaign.id, now - 3_600_000, now - 1_800_000, now - 1000);
    expect(closeDueRounds(core.services, core.clock.now()).length).toBe(1);
    expect(closeDueRounds(core.services, core.clock.now()).length).toBe(0);
    const rows = core.services.db.$client.prepare("SELECT type, body FROM webhook_outbox").all() as { type: string; body: string }[];
    expect(rows.map((r) => r.type)).toEqual(["calibration.closed"]);
    expect(JSON.parse(rows[0]!.body)).toMatchObject({ type: "calibration.closed", campaign: "c", data: { participants: 0, passed: 0 } });
  });
});
