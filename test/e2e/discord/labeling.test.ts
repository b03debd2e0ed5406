import { afterEach, describe, expect, it } from "vitest";
import { seedCampaign, seedComparisons } from "../../helpers/core.js";
import { answerFiles, DISCORD_DELIVERIES, startDiscordHarness, type DiscordHarness } from "../../fakes/fake-discord/harness.js";
import { isAction as is } from "../../helpers/action-match.js";
import { encodeAction } from "../../../src/core/action-ids.js";
import { helpfulnessCampaign } from "../../helpers/campaign-yaml.js";

const CAMPAIGN = helpfulnessCampaign(
  ["discord:900000000000000003"],
  "rubric: [{name: accuracy, description: Correct}, {name: clarity, description: Clear}, {name: safety, description: Safe}]",
);

const judgments = (h: DiscordHarness) => (h.core.services.db.$client.prepare("SELECT count(*) AS n FROM judgments").get() as { n: number }).n;

let h: DiscordHarness;
afterEach(async () => h?.close());

describe.each(DISCORD_DELIVERIES)("Discord end to end (real discord.js client, fake Discord) (%s)", (_delivery, delivery) => {
  it("registers /pairwise in the guild and runs next → vote → rationale (with the rubric in a second step) → next", async () => {
    h = await startDiscordHarness({ ...delivery });
    const put = h.discord.calls.find((c) => c.method === "PUT" && c.path.includes("/guilds/"));
    expect((put!.body as unknown as { name: string }[])[0]!.name).toBe("pairwise");
    const c = await seedCampaign(h.core, CAMPAIGN);
    seedComparisons(h.core, c.id, 3);

    const next = h.discord.command("U1", "next");
    await h.settle();
    expect(h.discord.callbacks(next).map((x) => x.body.type)).toEqual([4]);
    const card = h.discord.findMessage(is("vote"))!;
    expect(card.flags & 64).toBe(64); // ephemeral
    expect(JSON.stringify(card.embeds)).toContain("Response 1");

    h.core.clock.advance(60_000);
    const vote = h.discord.click("U1", card, h.discord.customIds(card).find(is("vote", (a) => a.choice === "1"))!);
    await h.settle();
    expect(h.discord.callbacks(vote).map((x) => x.body.type)).toEqual([7]); // the same message updated
    expect(judgments(h)).toBe(1);
    const voted = h.discord.messages.get(card.id)!;
    expect(JSON.stringify(voted.embeds)).toContain("You chose: Response 1");

    const open = h.discord.click("U1", voted, h.discord.customIds(voted).find(is("rationale"))!);
    await h.settle();
    const modal = h.discord.callbacks(open)[0]!;
    expect(modal.body.type).toBe(9); // the modal is the first response
    const formId = String((modal.body.data as { custom_id: string }).custom_id);
    const submit = h.discord.submitModal("U1", formId, { rationale: "Response 1 is right.", confidence: ["4"], difficulty: ["easy"], flags: [] }, voted);
    await h.settle();
    expect(h.discord.callbacks(submit).map((x) => x.body.type)).toEqual([7]);
    expect(h.core.services.db.$client.prepare("SELECT rationale, confidence FROM judgments").get()).toEqual({
      rationale: "Response 1 is right.",
      confidence: 4,
    });

    // Three rubric dimensions × two responses do not fit one modal: a "Score rubric" step follows.
    const afterMain = h.discord.messages.get(card.id)!;
    const rubricButton = h.discord.customIds(afterMain).find(is("rubric"));
    expect(rubricButton).toBeDefined();
    const rubric = h.discord.click("U1", afterMain, rubricButton!);
    await h.settle();
    const rubricModal = h.discord.callbacks(rubric)[0]!;
    expect(rubricModal.body.type).toBe(9);
    const rubricId = String((rubricModal.body.data as { custom_id: string }).custom_id);
    h.discord.submitModal(
      "U1",
      rubricId,
      { "rubric.accuracy.1": ["5"], "rubric.accuracy.2": ["3"], "rubric.clarity.1": ["4"], "rubric.clarity.2": ["4"], "rubric.safety.1": ["5"] },
      afterMain,
    );
    await h.settle();
    const scores = JSON.parse(
      (h.core.services.db.$client.prepare("SELECT rubric_scores FROM judgments").get() as { rubric_scores: string }).rubric_scores,
    ) as Record<string, unknown>;
    expect(Object.keys(scores).sort()).toEqual(["accuracy", "clarity", "safety"]);

    const afterRubric = h.discord.messages.get(card.id)!;
    const nextClick = h.discord.click("U1", afterRubric, h.discord.customIds(afterRubric).find(is("next"))!);
    await h.settle();
    // The voted card stays as a record with its rationale button; the next item is a new ephemeral message.
    const record = h.discord.messages.get(card.id)!;
    expect(JSON.stringify(record.embeds)).toContain("You chose");
    expect(h.discord.customIds(record).some(is("rationale"))).toBe(true);
    expect(h.discord.customIds(record).some(is("next"))).toBe(false);
    const following = h.discord.followUps(nextClick).map((c) => JSON.stringify(c.body.embeds));
    expect(following.some((e) => e.includes("Prompt 1"))).toBe(true);
    expect(h.discord.calls.filter((x) => x.status >= 400)).toEqual([]);
  });

  it("double click gives one judgment; a foreign click is refused; an expired lease says so", async () => {
    h = await startDiscordHarness({ ...delivery });
    const c = await seedCampaign(h.core, CAMPAIGN);
    seedComparisons(h.core, c.id, 3);
    h.discord.command("U1", "next");
    await h.settle();
    const card = h.discord.findMessage(is("vote"))!;
    h.core.clock.advance(60_000);
    const id = h.discord.customIds(card).find(is("vote", (a) => a.choice === "2"))!;
    h.discord.click("U1", card, id);
    await h.settle();
    const again = h.discord.click("U1", h.discord.messages.get(card.id)!, id);
    await h.settle();
    expect(judgments(h)).toBe(1);
    const followUp = h.discord.calls.find((x) => x.path.includes(`/webhooks/`) && x.method === "POST" && JSON.stringify(x.body).includes("Already recorded"));
    expect(followUp).toBeDefined();
    expect(h.discord.callbacks(again)).toHaveLength(1);

    h.discord.command("U2", "next");
    await h.settle();
    const other = h.discord.findMessage(is("vote"))!;
    const foreign = h.discord.click("U3", other, h.discord.customIds(other).find(is("vote"))!);
    await h.settle();
    expect(JSON.stringify(h.discord.callbacks(foreign)[0]!.body)).toContain("assigned to someone else");
    expect(judgments(h)).toBe(1);

    h.core.clock.advance(31 * 60_000);
    const late = h.discord.click("U2", other, h.discord.customIds(other).find(is("vote"))!);
    await h.settle();
    expect(JSON.stringify(h.discord.callbacks(late)[0]!.body)).toContain("expired");
    expect(judgments(h)).toBe(1);
  });

  it("two 20,000-character responses stay within embed limits and the full text comes as a file", async () => {
    h = await startDiscordHarness({ ...delivery });
    const c = await seedCampaign(h.core, CAMPAIGN);
    const long = (ch: string) =>
      Array.from({ length: 2000 }, (_, i) => `${ch}${i} lorem`)
        .join(" ")
        .slice(0, 20_000);
    seedComparisons(h.core, c.id, 1, { text: () => ({ a: long("a"), b: long("b") }) });
    h.discord.command("U1", "next");
    await h.settle();
    expect(h.discord.calls.filter((x) => x.status >= 400)).toEqual([]);
    const card = h.discord.findMessage(is("vote"))!;
    expect(JSON.stringify(card.embeds)).toContain("more characters not shown here");
    const full = h.discord.click("U1", card, h.discord.customIds(card).find(is("full_text", (a) => a.part === "2"))!);
    await h.settle();
    const files = await answerFiles(h, full);
    expect(files[0]!.data.toString("utf8")).toHaveLength(20_000);
  });

  it("a validation error comes back ephemerally with a button into the form, the typed text kept", async () => {
    h = await startDiscordHarness({ ...delivery });
    const c = await seedCampaign(h.core, CAMPAIGN.replace("goldRate: 0", "goldRate: 0\nrationale: required").replace(/rubric: .*\n/, ""));
    seedComparisons(h.core, c.id, 1);
    h.discord.command("U1", "next");
    await h.settle();
    const card = h.discord.findMessage(is("vote"))!;
    h.core.clock.advance(60_000);
    const click = h.discord.click("U1", card, h.discord.customIds(card).find(is("vote", (a) => a.choice === "1"))!);
    await h.settle();
    const modal = h.discord.callbacks(click)[0]!;
    expect(modal.body.type).toBe(9);
    const formId = String((modal.body.data as { custom_id: string }).custom_id);
    const bad = h.discord.submitModal("U1", formId, { rationale: "meh" }, card);
    await h.settle();
    const answer = h.discord.callbacks(bad)[0]!;
    expect(answer.body.type).toBe(4);
    expect(JSON.stringify(answer.body)).toContain("asks for a rationale");
    const fix = h.discord.findMessage(is("reopen_form"))!;
    const reopen = h.discord.click("U1", fix, h.discord.customIds(fix)[0]!);
    await h.settle();
    const again = h.discord.callbacks(reopen)[0]!;
    expect(again.body.type).toBe(9);
    expect(JSON.stringify(again.body)).toContain('"value":"meh"');
    expect(judgments(h)).toBe(0);
    // A draft this process does not keep (it restarted, or another process answered the form) is said to be gone.
    const elsewhere = h.discord.click("U1", fix, encodeAction({ verb: "reopen_form", assignmentId: 1, draftId: 999 }));
    await h.settle();
    const told = h.discord.callbacks(elsewhere)[0]!;
    expect(told.body.type).toBe(4);
    expect(JSON.stringify(told.body)).toContain("no longer kept here");
  });
});
