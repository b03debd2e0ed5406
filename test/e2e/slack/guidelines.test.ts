import { afterEach, describe, expect, it } from "vitest";
import { seedCampaign, seedComparisons } from "../../helpers/core.js";
import { startSlackHarness, type SlackHarness } from "../../fakes/fake-slack/harness.js";
import { isAction as isVerb } from "../../helpers/action-match.js";
import { helpfulnessCampaign } from "../../helpers/campaign-yaml.js";
import { waitFor } from "../../helpers/wait-for.js";

// 20,000 characters of guidelines: more than a Slack section (3,000) or a message's blocks can show.
const LONG = Array.from({ length: 2000 }, (_, i) => `rule${i} lorem`)
  .join(" ")
  .slice(0, 20_000);
const CAMPAIGN = helpfulnessCampaign(["slack:C0LABEL"], "rubric: [{name: accuracy, description: Correct and complete}]").replace(
  "guidelines: Pick the more helpful response.",
  `guidelines: ${JSON.stringify(LONG)}`,
);

let h: SlackHarness;
afterEach(async () => h?.close());

describe("guidelines on Slack (real Bolt app, fake Slack)", () => {
  it("the card's Guidelines button answers privately with the start of the text, the rubric, and the full text as a file", async () => {
    h = await startSlackHarness();
    const c = await seedCampaign(h.core, CAMPAIGN);
    seedComparisons(h.core, c.id, 2);
    await h.command("U1", "next");
    await h.settle();
    const card = JSON.stringify(h.latestMessage("D1")?.blocks);
    expect(card).toContain('"text":"Guidelines"');
    const click = await h.click("U1", isVerb("guidelines"));
    expect(click.status).toBe(200);
    await h.settle();
    await waitFor(() => h.slack.of("chat.postEphemeral").length > 0, "the private answer", 60_000);
    expect(h.slack.refused()).toEqual([]);
    const privately = JSON.stringify([...h.slack.of("chat.postEphemeral"), ...h.slack.responses.map((r) => r.body)]);
    expect(privately).toContain("Guidelines v1 · Helpfulness");
    expect(privately).toContain("rule0 lorem");
    expect(privately).toContain("Correct and complete");
    expect(privately).toContain("more characters not shown here");
    await h.click("U1", isVerb("guidelines_full"));
    await h.settle();
    // The upload is work after the ack: wait for it, not for a fixed time.
    const upload = await waitFor(() => h.slack.of("files.completeUploadExternal").at(-1), "the guidelines file", 60_000);
    const fileId = (upload!.files as { id: string }[])[0]!.id;
    expect(h.slack.uploads.get(fileId)!.toString("utf8")).toContain(LONG);
    expect(h.slack.refused()).toEqual([]);
  });
});
