import { afterEach, describe, expect, it } from "vitest";
import { tryParseAction } from "../../../src/core/action-ids.js";
import { importComparisons } from "../../../src/services/import-comparisons.js";
import { startSlackHarness, type SlackHarness } from "../../fakes/fake-slack/harness.js";
import { fakeJudge, judgedCampaign, lengthJudge, prescore } from "../../helpers/ai-judge.js";
import { seedCampaign } from "../../helpers/core.js";

let h: SlackHarness;
afterEach(async () => h?.close());

const verbOf = (actionId: string) => tryParseAction(actionId)?.verb;
const adjudications = () =>
  h.core.services.db.$client.prepare("SELECT reason, status FROM adjudications WHERE reason = 'judge' ORDER BY id").all() as {
    reason: string;
    status: string;
  }[];

describe("Slack: a lead reviews the judge's disagreements from the judge report", () => {
  it("the report's files, then a message with Review disagreements; its cards decide pair by pair", async () => {
    h = await startSlackHarness({ leads: [{ platform: "slack", userId: "ULEAD" }] });
    await seedCampaign(h.core, judgedCampaign(""));
    await importComparisons(h.core.services, { campaign: "c", path: "test/fixtures/pandalm/testset-v1-idx200-239.json" });
    const server = await fakeJudge({ respond: lengthJudge });
    try {
      await prescore(h.core, server);
    } finally {
      await server.close();
    }

    await h.command("ULEAD", "report c judge");
    await h.settle();
    // Files cannot carry buttons on Slack: the review button comes in a message of its own, after them.
    expect(h.slack.of("files.completeUploadExternal")).toHaveLength(1);
    const review = await h.click("ULEAD", (id) => verbOf(id) === "judge_review");
    expect(review.status).toBe(200);
    await h.settle();

    // The walk's first card replaces the message the button was on.
    const first = h.slack.calls.at(-1)!;
    expect(first.method).toBe("chat.update");
    expect(String(first.args.text)).toBe("Review the AI judge against the humans in c: pair 1 of 15");
    // The first pair: its place in the walk, and a button for each side and skip.
    const card = await h.click("ULEAD", (id) => verbOf(id) === "judge_decide" && id.endsWith(":judge"));
    expect(card.status).toBe(200);
    await h.settle();
    expect(adjudications()).toEqual([{ reason: "judge", status: "resolved" }]);
    const next = await h.click("ULEAD", (id) => verbOf(id) === "judge_decide" && id.endsWith(":humans"));
    expect(next.status).toBe(200);
    await h.settle();
    expect(adjudications()).toHaveLength(2);
    // Someone who does not lead the campaign cannot decide, whatever the button says.
    const stranger = await h.click("UOTHER", (id) => verbOf(id) === "judge_decide" && id.endsWith(":judge"));
    expect(stranger.status).toBe(200);
    await h.settle();
    expect(adjudications()).toHaveLength(2);
    expect(h.slack.refused()).toEqual([]);
  });
});
