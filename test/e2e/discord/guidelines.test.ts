import { afterEach, describe, expect, it } from "vitest";
import { seedCampaign, seedComparisons } from "../../helpers/core.js";
import { startDiscordHarness, type DiscordHarness } from "../../fakes/fake-discord/harness.js";
import { isAction as is } from "../../helpers/action-match.js";
import { helpfulnessCampaign } from "../../helpers/campaign-yaml.js";
import { waitFor } from "../../helpers/wait-for.js";

// 20,000 characters of guidelines: more than Discord's 4,096-character embed description or 6,000 per message.
const LONG = Array.from({ length: 2000 }, (_, i) => `rule${i} lorem`)
  .join(" ")
  .slice(0, 20_000);
const CAMPAIGN = helpfulnessCampaign(["discord:900000000000000003"], "rubric: [{name: accuracy, description: Correct}]").replace(
  "guidelines: Pick the more helpful response.",
  `guidelines: ${JSON.stringify(LONG)}`,
);

let h: DiscordHarness;
afterEach(async () => h?.close());

describe("guidelines on Discord (real discord.js client, fake Discord)", () => {
  it("the card's Guidelines button answers ephemerally within the limits, with the full text as a file", async () => {
    h = await startDiscordHarness();
    const c = await seedCampaign(h.core, CAMPAIGN);
    seedComparisons(h.core, c.id, 2);
    h.discord.command("U1", "next");
    await h.settle();
    const card = h.discord.findMessage(is("vote"))!;
    const guidelines = h.discord.customIds(card).find(is("guidelines"));
    expect(guidelines).toBeDefined();
    const click = h.discord.click("U1", card, guidelines!);
    const answer = await waitFor(() => h.discord.callbacks(click)[0], "the ephemeral answer", 60_000);
    expect(h.discord.calls.filter((x) => x.status >= 400)).toEqual([]);
    expect(answer.body.type).toBe(4);
    const data = answer.body.data as { flags?: number };
    expect((data.flags ?? 0) & 64).toBe(64); // ephemeral
    const shown = JSON.stringify(data);
    expect(shown).toContain("Guidelines v1 · Helpfulness");
    expect(shown).toContain("rule0 lorem");
    expect(shown).toContain("more characters not shown here");
    const reply = await waitFor(() => h.discord.findMessage(is("guidelines_full")), "the answer's full-text button", 60_000);
    const full = h.discord.click("U1", reply, h.discord.customIds(reply).find(is("guidelines_full"))!);
    const file = await waitFor(() => h.discord.callbacks(full)[0], "the guidelines file", 60_000);
    expect(file.files[0]!.data.toString("utf8")).toContain(LONG);
  });
});
