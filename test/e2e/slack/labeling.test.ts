import { afterEach, describe, expect, it } from "vitest";
import { seedCampaign, seedComparisons } from "../../helpers/core.js";
import { startSlackHarness, type SlackHarness } from "../../fakes/fake-slack/harness.js";
import { isAction as isVerb } from "../../helpers/action-match.js";
import { helpfulnessCampaign } from "../../helpers/campaign-yaml.js";

const CAMPAIGN = helpfulnessCampaign(["slack:C0LABEL"], "rubric: [{name: accuracy, description: Correct and complete}]");

const judgments = (h: SlackHarness) => h.core.services.db.$client.prepare("SELECT count(*) AS n FROM judgments").get() as { n: number };
const text = (m: Record<string, unknown> | undefined) => JSON.stringify(m?.blocks ?? []);

let h: SlackHarness;
afterEach(async () => h?.close());

describe("Slack end to end (real Bolt app, fake Slack)", () => {
  it("next → vote → rationale → next, through signed requests; the DM card is edited in place", async () => {
    h = await startSlackHarness();
    const c = await seedCampaign(h.core, CAMPAIGN);
    seedComparisons(h.core, c.id, 3);
    const ack = await h.command("U1", "next");
    expect(ack.status).toBe(200);
    expect(ack.ms).toBeLessThan(3000);
    await h.settle();
    const card = h.latestMessage("D1");
    expect(text(card)).toContain("Response 1");
    expect(text(card)).not.toContain("model-x");
    // The command in a channel also says where the card went.
    expect(h.slack.responses.at(-1)?.body.text).toContain("Sent you a direct message");

    h.core.clock.advance(60_000);
    const click = await h.click(
      "U1",
      isVerb("vote", (a) => a.verb === "vote" && a.choice === "1"),
    );
    expect(click.status).toBe(200);
    await h.settle();
    expect(text(h.latestMessage("D1"))).toContain("You chose: Response 1");
    expect(judgments(h)).toEqual({ n: 1 });

    await h.click("U1", isVerb("rationale"));
    await h.settle();
    const modal = h.slack.of("views.open").at(-1)!.view as { blocks: { block_id?: string }[] };
    expect(modal.blocks.map((b) => b.block_id).filter(Boolean)).toEqual([
      "rationale",
      "confidence",
      "difficulty",
      "flags",
      "rubric.accuracy.1",
      "rubric.accuracy.2",
    ]);
    const submitted = await h.submit("U1", {
      rationale: "Response 1 answers the question directly.",
      confidence: "4",
      difficulty: "easy",
      flags: [],
      "rubric.accuracy.1": "5",
      "rubric.accuracy.2": "2",
    });
    expect(submitted.status).toBe(200);
    await h.settle();
    expect(text(h.latestMessage("D1"))).toContain("rationale saved");
    const row = h.core.services.db.$client.prepare("SELECT rationale, confidence FROM judgments").get();
    expect(row).toEqual({ rationale: "Response 1 answers the question directly.", confidence: 4 });

    const voted = h
      .posts()
      .filter((p) => p.channel === "D1")
      .at(-1)!;
    await h.click("U1", isVerb("next"));
    await h.settle();
    // The next item is a new message; the voted card stays as a record of the vote with its rationale button.
    const posts = h.posts().filter((p) => p.channel === "D1");
    expect(posts.at(-1)!.ts).not.toBe(voted.ts);
    expect(text(posts.at(-1) as unknown as Record<string, unknown>)).toContain("Response 2");
    const record = h.message("D1", voted.ts)!;
    const recordText = JSON.stringify(record.blocks);
    expect(recordText).toContain("You chose: Response 1");
    expect(recordText).toContain("rationale saved");
    expect(recordText).toContain("Edit rationale");
    expect(recordText).toContain("Prompt: “");
    expect(recordText).not.toContain('"text":"Next"');
    expect(recordText).not.toContain("Response 2");
    expect(h.slack.refused()).toEqual([]);
  });

  it("double click gives one judgment and says so; a foreign click is refused and stores nothing", async () => {
    h = await startSlackHarness();
    const c = await seedCampaign(h.core, CAMPAIGN);
    seedComparisons(h.core, c.id, 2);
    await h.command("U1", "next");
    await h.settle();
    h.core.clock.advance(60_000);
    const vote = isVerb("vote", (a) => a.verb === "vote" && a.choice === "2");
    await h.click("U1", vote);
    await h.click("U1", vote);
    await h.settle();
    expect(judgments(h)).toEqual({ n: 1 });
    // The note is ephemeral: only the clicking user sees it.
    expect(h.slack.of("chat.postEphemeral").some((m) => String(m.text).includes("Already recorded") && m.user === "U1")).toBe(true);

    await h.command("U2", "next");
    await h.settle();
    const before = judgments(h).n;
    await h.click("U3", isVerb("vote"), { channel: "D2" });
    await h.settle();
    expect(judgments(h).n).toBe(before);
    expect(h.slack.of("chat.postEphemeral").some((m) => String(m.text).includes("assigned to someone else") && m.user === "U3")).toBe(true);
  });

  it("an expired lease says so and offers Next", async () => {
    h = await startSlackHarness();
    const c = await seedCampaign(h.core, CAMPAIGN);
    seedComparisons(h.core, c.id, 2);
    await h.command("U1", "next");
    await h.settle();
    h.core.clock.advance(31 * 60_000);
    await h.click("U1", isVerb("vote"));
    await h.settle();
    const card = text(h.latestMessage("D1"));
    expect(card).toContain("expired");
    expect(card).toContain('"text":"Next"');
    expect(judgments(h)).toEqual({ n: 0 });
  });

  it("two 20,000-character responses fit Slack's limits, say what is not shown, and the full text arrives as a file", async () => {
    h = await startSlackHarness();
    const c = await seedCampaign(h.core, CAMPAIGN);
    const long = (ch: string) =>
      Array.from({ length: 2000 }, (_, i) => `${ch}${i} lorem`)
        .join(" ")
        .slice(0, 20_000);
    seedComparisons(h.core, c.id, 1, { text: () => ({ a: long("a"), b: long("b") }) });
    await h.command("U1", "next");
    await h.settle();
    expect(h.slack.refused()).toEqual([]);
    const card = h.latestMessage("D1")!;
    const blocks = card.blocks as { type: string }[];
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(text(card)).toContain("more characters not shown here");
    await h.click(
      "U1",
      isVerb("full_text", (a) => a.verb === "full_text" && a.part === "1"),
    );
    await h.settle();
    const upload = h.slack.of("files.completeUploadExternal").at(-1);
    expect(upload).toBeDefined();
    const fileId = (upload!.files as { id: string }[])[0]!.id;
    expect(h.slack.uploads.get(fileId)!.toString("utf8")).toHaveLength(20_000);
  });

  it("a campaign that requires a rationale opens the modal on the click and records the vote on submit", async () => {
    h = await startSlackHarness();
    const c = await seedCampaign(h.core, CAMPAIGN.replace("goldRate: 0", "goldRate: 0\nrationale: required"));
    seedComparisons(h.core, c.id, 1);
    await h.command("U1", "next");
    await h.settle();
    h.core.clock.advance(60_000);
    await h.click(
      "U1",
      isVerb("vote", (a) => a.verb === "vote" && a.choice === "tie"),
    );
    await h.settle();
    expect(h.slack.of("views.open")).toHaveLength(1);
    expect(judgments(h)).toEqual({ n: 0 });
    const tooShort = await h.submit("U1", { rationale: "meh" });
    expect(JSON.parse(tooShort.body)).toMatchObject({ response_action: "errors", errors: { rationale: expect.stringContaining("asks for a rationale") } });
    expect(judgments(h)).toEqual({ n: 0 });
    await h.submit("U1", { rationale: "Both say the same thing in the same words." });
    await h.settle();
    expect(h.core.services.db.$client.prepare("SELECT choice, rationale FROM judgments").get()).toEqual({
      choice: "tie",
      rationale: "Both say the same thing in the same words.",
    });
  });
});
