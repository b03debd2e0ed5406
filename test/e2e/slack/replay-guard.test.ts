import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { SeenRequests } from "../../../src/core/seen-requests.js";
import { FakeSlack } from "../../fakes/fake-slack/server.js";
import { startSlackHarness, type SlackHarness } from "../../fakes/fake-slack/harness.js";
import { seedCampaign, seedComparisons } from "../../helpers/core.js";

const CAMPAIGN = "name: c\nstatus: active\nguidelines: g\ngoldRate: 0\nqualificationGate: false\npeerReviewRate: 0";
let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const assignments = (harness: SlackHarness) => harness.core.services.db.$client.prepare("SELECT count(*) AS n FROM assignments").get();

describe("the Slack replay guard", () => {
  it("refuses a request captured before a restart when it is replayed after it, inside Slack's 5 minutes", async () => {
    const databasePath = join(mkdtempSync(join(tmpdir(), "pw-replay-")), "bot.db");
    const slack = new FakeSlack({ token: "xoxb-test-0000-fake", signingSecret: "8f14e45fceea167a5a36dedd4bea2543", teamId: "T0001" });
    await slack.start();
    try {
      h = await startSlackHarness({ databasePath, slack, seenRequests: "database" });
      seedComparisons(h.core, (await seedCampaign(h.core, CAMPAIGN)).id, 3);
      const body = new URLSearchParams({
        team_id: "T0001",
        channel_id: "C0LABEL",
        user_id: "U1",
        command: "/pairwise",
        text: "next c",
        response_url: slack.responseUrl(),
        trigger_id: slack.issueTrigger(),
      }).toString();
      const captured = { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...slack.sign(body) }, body };
      expect((await fetch(h.receiver, captured)).status).toBe(200);
      await h.settle();
      expect(assignments(h)).toEqual({ n: 1 });
      await h.close();

      h = await startSlackHarness({ databasePath, slack, seenRequests: "database" });
      expect((await fetch(h.receiver, captured)).status).toBe(401);
      await h.settle();
      expect(assignments(h)).toEqual({ n: 1 });
    } finally {
      await h?.close();
      h = undefined;
      await slack.stop();
    }
  });

  it("remembers nothing of a forged request, whatever the size of its signature, and a fixed-size key of a genuine one", async () => {
    const offered: string[] = [];
    const recorder: SeenRequests = { firstTime: (key) => (offered.push(key), true) };
    h = await startSlackHarness({ seenRequests: recorder });
    await seedCampaign(h.core, CAMPAIGN);
    const body = new URLSearchParams({ team_id: "T0001", channel_id: "C0LABEL", user_id: "U1", command: "/pairwise", text: "help" }).toString();
    const timestamp = String(Math.floor(Date.now() / 1000));
    for (let i = 0; i < 50; i++) {
      const headers = {
        "content-type": "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": timestamp,
        "x-slack-signature": `v0=${String(i).padStart(8192, "f")}`,
      };
      expect((await fetch(h.receiver, { method: "POST", headers, body })).status).toBe(401);
    }
    const wrongSecret = await h.slack.send(h.receiver, { command: "/pairwise", text: "help" }, { secret: "not-the-secret" });
    expect(wrongSecret.status).toBe(401);
    expect(offered).toEqual([]);

    expect((await h.command("U1", "help")).status).toBe(200);
    expect(offered).toHaveLength(1);
    expect(offered[0]).toMatch(/^slack:[0-9a-f]{64}$/);
  });
});
