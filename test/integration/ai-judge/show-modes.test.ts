import { afterEach, describe, expect, it } from "vitest";
import { attachPlatform } from "../../../src/app.js";
import { parseCampaignText } from "../../../src/io/campaign-file.js";
import { buildReport } from "../../../src/services/reports/index.js";
import { saveCampaign } from "../../../src/services/save-campaign.js";
import { FakePlatform } from "../../fakes/fake-platform.js";
import { verdictNaming, type FakeOpenAi, type FakeRequest } from "../../fakes/fake-openai/server.js";
import { fakeJudge, judgedCampaign, prescore } from "../../helpers/ai-judge.js";
import { createTestCore, seedCampaign, seedComparisons } from "../../helpers/core.js";
import { action, button, command, textOf, user, viewOf } from "../../helpers/events.js";

let server: FakeOpenAi | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const prefersA = (r: FakeRequest) => ({ verdict: verdictNaming(r, r.first.startsWith("Answer A") ? r.first : r.second) as "1" | "2", probability: 0.9 });

async function setup(show: string) {
  const core = createTestCore();
  const slack = new FakePlatform("slack");
  await attachPlatform(core, slack);
  const campaign = await seedCampaign(core, judgedCampaign(`  show: ${show}`));
  seedComparisons(core, campaign.id, 4);
  server = await fakeJudge({ respond: prefersA });
  await prescore(core, server);
  return { core, slack };
}

/** Asks for the next card, checks what it says about the judge, votes A through the screen, and returns both texts. */
async function labelOne(env: { core: ReturnType<typeof createTestCore>; slack: FakePlatform }, who: string) {
  const { core, slack } = env;
  const card = viewOf(await slack.emit(command(user(who), "next")));
  // A minute to read: an instant vote would be flagged too fast and sent to peer review.
  core.clock.advance(60_000);
  const text = textOf(card);
  const aIsFirst = /Response 1\nAnswer A/.test(text);
  const voted = viewOf(
    await slack.emit(
      action(
        user(who),
        button(card, "vote", (a) => a.choice === (aIsFirst ? "1" : "2")),
      ),
    ),
  );
  return { before: text, after: textOf(voted), aOnScreen: aIsFirst ? "Response 1" : "Response 2" };
}

describe("showing the judge's verdict to annotators, as the campaign says", () => {
  it("never (the default): no suggestion and no verdict, so no anchoring", async () => {
    const env = await setup("never");
    const { before, after } = await labelOne(env, "U1");
    const { core } = env;
    expect(before).not.toContain("AI judge");
    expect(after).not.toContain("AI judge");
    expect(core.services.db.$client.prepare("SELECT ai_shown FROM judgments WHERE source = 'platform'").get()).toEqual({ ai_shown: "never" });
  });

  it("after_vote: the card reveals the judge's verdict, in screen terms, once the person has voted", async () => {
    const env = await setup("after_vote");
    const { before, after, aOnScreen } = await labelOne(env, "U1");
    const { core } = env;
    expect(before).not.toContain("AI judge");
    expect(after).toContain(`The AI judge chose *${aOnScreen}* (confidence 90%).`);
    expect(core.services.db.$client.prepare("SELECT ai_shown FROM judgments WHERE source = 'platform'").get()).toEqual({ ai_shown: "after_vote" });
  });

  it("before_vote: a suggestion the annotator is told to override when they disagree", async () => {
    const { before, after, aOnScreen } = await labelOne(await setup("before_vote"), "U1");
    expect(before).toContain(`AI judge's suggestion: *${aOnScreen}* (confidence 90%). It can be wrong: when you disagree, choose what you think is right.`);
    expect(after).toContain(`The AI judge chose *${aOnScreen}*`);
  });

  it("measures the anchoring: people's agreement with the judge under each mode", async () => {
    const env = await setup("never");
    const { core } = env;
    await labelOne(env, "U1");
    // The lead switches the campaign to suggestions; later votes are made under that mode.
    const file = parseCampaignText(judgedCampaign("  show: before_vote"), "c.yaml");
    await saveCampaign(core.services, { file, mode: "update" });
    await labelOne(env, "U2");
    await labelOne(env, "U3");
    const anchoring = (await buildReport(core.services, "c", "judge")).data.anchoring as Record<string, { n: number; agreement: number }>;
    expect(Object.fromEntries(Object.entries(anchoring).map(([mode, r]) => [mode, [r.n, r.agreement]]))).toEqual({ never: [1, 1], before_vote: [2, 1] });
    expect((await buildReport(core.services, "c", "judge")).summary.at(-1)).toBe(
      "Anchoring (people's agreement with the judge by what they saw): never shown 100% (n = 1); suggested before the vote 100% (n = 2).",
    );
  });
});
