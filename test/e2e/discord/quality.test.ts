import { afterEach, describe, expect, it } from "vitest";
import { tryParseAction } from "../../../src/core/action-ids.js";
import { seedCampaign, seedComparisons } from "../../helpers/core.js";
import { DISCORD_DELIVERIES, discordText, startDiscordHarness, type DiscordHarness } from "../../fakes/fake-discord/harness.js";
import type { PendingInteraction, StoredMessage } from "../../fakes/fake-discord/server.js";
import { isAction } from "../../helpers/action-match.js";
import { waitFor } from "../../helpers/wait-for.js";
import {
  assignmentKind,
  explanationOf,
  goldCampaign,
  identities,
  roundCount,
  screenChoiceOf,
  seedCalibrationCampaign,
  statuses,
  weekDriver,
} from "../../helpers/quality-week.js";

const LEADS = "900000000000000009";
const EPHEMERAL = 64;
const campaignOption = (name: string) => [{ name: "campaign", type: 3, value: name }];
const dm = (user: string) => `dm-${user}`;

let h: DiscordHarness;
afterEach(async () => h?.close());

/** Clicks the button of `message` that matches, and waits for the interaction's response. */
async function click(user: string, message: StoredMessage, predicate: (id: string) => boolean): Promise<PendingInteraction> {
  const id = h.discord.customIds(message).find(predicate);
  if (!id) throw new Error(`no such button on: ${discordText(message)}`);
  const pending = h.discord.click(user, message, id);
  await h.answered(pending);
  return pending;
}

/** The latest state of a stored message (clicks update it in place). */
const current = (message: StoredMessage) => h.discord.messages.get(message.id)!;

function voteAssignment(message: StoredMessage): number {
  const vote = h.discord
    .customIds(message)
    .map(tryParseAction)
    .find((a) => a?.verb === "vote");
  if (!vote || vote.verb !== "vote") throw new Error(`no vote button on: ${discordText(message)}`);
  return vote.assignmentId;
}

/** Answers the calibration item on an ephemeral card (right: the reference A), adds a rationale through the modal, and asks for the next one. */
async function answerItem(user: string, card: StoredMessage, right: boolean, rationale: string, next = true) {
  const assignment = voteAssignment(current(card));
  const choice = screenChoiceOf(h.core, assignment, right ? "a" : "b");
  h.core.clock.advance(40_000);
  const vote = await click(
    user,
    current(card),
    isAction("vote", (a) => a.assignmentId === assignment && a.choice === choice),
  );
  expect(h.discord.callbacks(vote).map((c) => c.body.type)).toEqual([7]); // the ephemeral card itself is updated
  const voted = discordText(current(card));
  expect(voted).toContain(`You chose: Response ${choice}`);
  expect(voted).not.toMatch(/Expected|check item|names the right unit/); // no answer before the round closes
  const open = await click(
    user,
    current(card),
    isAction("rationale", (a) => a.assignmentId === assignment),
  );
  const modal = h.discord.callbacks(open)[0]!;
  expect(modal.body.type).toBe(9); // the modal is the first response
  const formId = String((modal.body.data as { custom_id: string }).custom_id);
  const submit = h.discord.submitModal(user, formId, { rationale }, current(card));
  await h.answered(submit);
  expect(h.discord.callbacks(submit).map((c) => c.body.type)).toEqual([7]);
  expect(discordText(current(card))).toContain("rationale saved");
  return next ? nextCard(user, card) : current(card);
}

/** Clicks Next on a voted card: the card stays as a record, and the next one is a new ephemeral follow-up. */
async function nextCard(user: string, card: StoredMessage): Promise<StoredMessage> {
  const pending = await click(user, current(card), isAction("next"));
  await waitFor(() => h.discord.followUpMessages(pending).length > 0, "the next card");
  expect(discordText(current(card))).toContain("You chose");
  const [following] = h.discord.followUpMessages(pending);
  expect(following!.flags & EPHEMERAL).toBe(EPHEMERAL);
  return following!;
}

const startsIn = (channelId: string) => h.messagesIn(channelId).filter((m) => h.discord.customIds(m).some(isAction("calibration_start")));
/** Round announcements in the channel (an announcement stays one message when it turns into the summary). */
const roundPosts = (channelId: string) =>
  h.messagesIn(channelId).filter((m) => (m.flags & EPHEMERAL) === 0 && discordText(m).startsWith("Calibration round · Helpfulness"));
const newIn = (channelId: string, before: Set<string>) => h.messagesIn(channelId).filter((m) => !before.has(m.id));
const snapshot = () => new Set(h.discord.messages.keys());

describe.each(DISCORD_DELIVERIES)("quality control on Discord (real discord.js client, fake Discord) (%s)", (_delivery, delivery) => {
  it("a scheduled calibration round through a simulated week: announce, Start, ephemeral answers, DM reminder, close, DM results, summary, thread", async () => {
    h = await startDiscordHarness({ ...delivery, start: "2026-01-04T12:00:00Z" }); // a Sunday
    const channel = h.discord.channelId;
    await seedCalibrationCampaign(h.core, `discord:${channel}`, `discord:${LEADS}`);
    const week = weekDriver(h.core, () => h.settle(20));
    const [alice, boris, chloe, dmitri] = ["710000000000000001", "710000000000000002", "710000000000000003", "710000000000000004"] as const;

    // Sunday: four people label a regular item each, so they count as active in the campaign.
    for (const u of [alice, boris, chloe, dmitri]) {
      const next = h.discord.command(u, "next", campaignOption("calib"));
      await h.answered(next);
      h.core.clock.advance(40_000);
      await click(
        u,
        h.discord.messages.get(next.original!)!,
        isAction("vote", (a) => a.choice === "1"),
      );
    }
    expect(startsIn(channel)).toEqual([]);

    // Monday 10:00: the 09:00 round is announced in the campaign's channel, with Start.
    await week.step(22);
    expect(startsIn(channel)).toHaveLength(1);
    const announcement = startsIn(channel)[0]!;
    expect(announcement.flags & EPHEMERAL).toBe(0);
    expect(discordText(announcement)).toContain("Calibration round · Helpfulness");
    expect(discordText(announcement)).toContain("3 reference items, answered privately. Open until **2026-01-07 09:00 UTC**");

    // Start answers with an ephemeral card: only the clicking person sees it, and it is edited in place.
    const start = async (u: string) => {
      const pending = await click(u, announcement, isAction("calibration_start"));
      expect(h.discord.callbacks(pending).map((c) => c.body.type)).toEqual([4]);
      const card = h.discord.messages.get(pending.original!)!;
      expect(card.flags & EPHEMERAL).toBe(EPHEMERAL);
      return card;
    };
    let aliceCard = await start(alice);
    expect(discordText(aliceCard)).toContain("Calibration round: item 1 of 3");
    aliceCard = await answerItem(alice, aliceCard, true, "A states the unit and says where the figure comes from.");
    expect(discordText(current(aliceCard))).toContain("Calibration round: item 2 of 3");
    aliceCard = await answerItem(alice, aliceCard, true, "A answers the question that was asked; B drifts.");
    expect(discordText(current(aliceCard))).toContain("Calibration round: item 3 of 3");
    aliceCard = await answerItem(alice, aliceCard, true, "A is correct and complete.");
    expect(discordText(current(aliceCard))).toContain("That was the last item of the calibration round (3 answered)");

    let borisCard = await start(boris);
    for (let i = 0; i < 3; i++) borisCard = await answerItem(boris, borisCard, false, "B reads more smoothly to me.");
    expect(discordText(current(borisCard))).toContain("That was the last item of the calibration round (3 answered)");

    const chloeCard = await start(chloe);
    await answerItem(chloe, chloeCard, false, "B is shorter, which I prefer.", false);

    // Tuesday 22:00: no interaction is at hand, so the reminders come by DM (Discord has no ephemeral outside one).
    let before = snapshot();
    await week.step(36);
    const texts = (u: string) => newIn(dm(u), before).map((m) => discordText(m));
    expect(texts(chloe)).toEqual([
      "Reminder: you have calibration items left in Helpfulness; the round closes at 2026-01-07 09:00 UTC. Continue with `/pairwise next calib`.",
    ]);
    expect(texts(dmitri)).toEqual([
      "Reminder: the calibration round of Helpfulness closes at 2026-01-07 09:00 UTC. Press Start on the announcement to take part.",
    ]);
    expect(texts(alice)).toEqual([]);
    expect(texts(boris)).toEqual([]);
    expect(h.discord.calls.some((c) => c.path === "/users/@me/channels" && c.body.recipient_id === chloe)).toBe(true);

    // Wednesday 10:00: the round closed at 09:00; everyone who took part gets their result by DM.
    before = snapshot();
    await week.step(12);
    expect(texts(alice)).toEqual([
      "Calibration round result for Helpfulness: kappa 1.00 (bar 0.65), 100% of 3 items matched the reference. You passed and are qualified for regular items.",
    ]);
    expect(texts(boris)).toHaveLength(1);
    expect(texts(boris)[0]).toContain("kappa 0.00 (bar 0.65), 0% of 3 items matched the reference. You did not reach the bar this time.");
    expect(texts(chloe)).toHaveLength(1);
    expect(texts(chloe)[0]).toContain(
      "0% of 1 items matched the reference. You answered 1 of the 3 items, and a calibration counts only when every item is answered.",
    );
    expect(texts(dmitri)).toEqual([]);
    expect(statuses(h.core)).toEqual({ [alice]: "qualified", [boris]: "needs_calibration", [chloe]: "needs_calibration", [dmitri]: "new" });

    // The announcement became the summary, without its Start button.
    const summary = current(announcement);
    expect(discordText(summary)).toContain("Calibration round closed: 3 took part, 1 passed, median kappa 0.00.");
    expect(h.discord.customIds(summary)).toEqual([]);

    // The thread started from the announcement (a message holds one thread on Discord) discusses
    // the split items, one message each, most split first.
    const threads = h.discord.threads.filter((t) => t.messageId === announcement.id);
    expect(threads).toEqual([expect.objectContaining({ id: announcement.id, parentId: channel, name: "Calibration: items where answers split" })]);
    const posts = h.messagesIn(threads[0]!.id).map((m) => discordText(m));
    expect(posts).toHaveLength(3);
    const mostSplit = posts[0]!;
    // Each annotator saw the pair in their own order: responses are named by their opening words.
    expect(mostSplit).toMatch(/Item cal-(\d): the reference answer is the response beginning “Answer A for \1”\./);
    const item = Number(/Item cal-(\d)/.exec(mostSplit)![1]);
    expect(threads[0]!.name).toBe("Calibration: items where answers split");
    expect(mostSplit).toContain(explanationOf(item).replace("Response A", `the response beginning “Answer A for ${item}”`));
    expect(mostSplit).toContain(`Answers: “Answer A for ${item}” 1, “Answer B for ${item}” 1`);
    expect(mostSplit).toMatch(/Annotator 1 \(chose “Answer A for \d”\): “A .+”/);
    expect(mostSplit).toContain(`Annotator 2 (chose “Answer B for ${item}”): “B reads more smoothly to me.”`);
    expect(mostSplit).not.toMatch(/Response [AB]\b/);
    const allThreads = posts.join("\n").toLowerCase();
    expect(allThreads).toContain("b is shorter, which i prefer.");
    for (const who of identities(h.core)) expect(allThreads).not.toContain(who.toLowerCase());

    // A week later the second round opens; a restarted scheduler and a repeated fire add nothing.
    await week.step(24 * 5);
    expect(roundPosts(channel)).toHaveLength(2);
    const secondRound = startsIn(channel);
    expect(secondRound.map((m) => m.id)).toEqual([roundPosts(channel)[1]!.id]);
    expect(discordText(secondRound[0])).toContain("Open until **2026-01-14 09:00 UTC**");
    expect(roundCount(h.core)).toBe(2);
    const restarted = weekDriver(h.core, () => h.settle(20));
    expect(await restarted.scheduler.catchUp(h.core.clock.now())).toEqual([]);
    expect(await restarted.scheduler.fire("sweep", new Date("2026-01-12T09:00:00Z"))).toBe(false);
    await restarted.step(1);
    expect(roundCount(h.core)).toBe(2);
    expect(roundPosts(channel)).toHaveLength(2);
    expect(h.discord.calls.filter((c) => c.status >= 400)).toEqual([]);
  });

  it("gold feedback after each check vote, then the accuracy flag: a DM and the leads' channel", async () => {
    h = await startDiscordHarness({ ...delivery });
    const c = await seedCampaign(h.core, goldCampaign(`discord:${h.discord.channelId}`, `discord:${LEADS}`));
    seedComparisons(h.core, c.id, 30, { overlap: 1 });
    seedComparisons(h.core, c.id, 15, { kind: "gold", gold: "b", prefix: "gold" });
    const ann = "720000000000000001";
    const next = h.discord.command(ann, "next", campaignOption("gold"));
    await h.answered(next);
    // One ephemeral card a item: each vote edits it in place; Next keeps it as a record and sends the next.
    let card = h.discord.messages.get(next.original!)!;
    expect(card.flags & EPHEMERAL).toBe(EPHEMERAL);

    // 10 check answers: the 1st and the 10th wrong, 8 of 10 right (80%, under the 88% bar).
    let gold = 0;
    for (let guard = 0; gold < 10 && guard < 45; guard++) {
      expect(discordText(current(card))).not.toContain("check item"); // injected silently
      const assignment = voteAssignment(current(card));
      const kind = assignmentKind(h.core, assignment);
      const wrong = kind === "gold" && (gold === 0 || gold === 9);
      const choice = kind === "gold" ? screenChoiceOf(h.core, assignment, wrong ? "a" : "b") : "1";
      h.core.clock.advance(40_000);
      await click(
        ann,
        current(card),
        isAction("vote", (a) => a.assignmentId === assignment && a.choice === choice),
      );
      const shown = discordText(current(card));
      expect(shown).toContain(`You chose: Response ${choice}`);
      if (kind !== "gold") {
        expect(shown).not.toContain("check item");
      } else if (wrong) {
        expect(shown).toContain(`This was a check item. Expected: **Response ${screenChoiceOf(h.core, assignment, "b")}**. Because b is right.`);
      } else {
        expect(shown).toContain("This was a check item, and you matched the expected answer. Because b is right.");
      }
      if (kind === "gold") {
        gold++;
        expect(statuses(h.core)[ann]).toBe(gold < 10 ? "new" : "needs_calibration");
      }
      if (gold < 10) card = await nextCard(ann, card);
    }
    expect(gold).toBe(10);
    // The notices go out after the answer: wait for them rather than for a fixed time.
    await waitFor(() => h.messagesIn(LEADS).length > 0 && h.messagesIn(dm(ann)).length > 0, "the flag notices");
    const notices = h.messagesIn(dm(ann)).map((m) => discordText(m));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain("matched the expected answer 8 times out of the last 10 (80%), under the campaign's bar");
    const leads = h.messagesIn(LEADS).map((m) => discordText(m));
    expect(leads).toHaveLength(1);
    expect(leads[0]).toContain(
      `Gold check: <@${ann}> is at 80% over the last 10 check items in Gold checks, and now needs calibration. To give them a fresh start:`,
    );
    expect(leads[0]).toContain(`/pairwise requalify`);
    // Flagged, with no calibration items to take: regular work is paused, and the answer says why, privately.
    const paused = await click(ann, current(card), isAction("next"));
    expect(JSON.stringify(h.discord.callbacks(paused)[0]!.body)).toContain("You are paused for regular items in gold until you pass a calibration");
    expect(h.discord.calls.filter((x) => x.status >= 400)).toEqual([]);
  });
});
