import { afterEach, describe, expect, it } from "vitest";
import { tryParseAction } from "../../../src/core/action-ids.js";
import { seedCampaign, seedComparisons } from "../../helpers/core.js";
import { blockText, startSlackHarness, type SlackHarness, type SlackPost } from "../../fakes/fake-slack/harness.js";
import { isAction } from "../../helpers/action-match.js";
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
import { quiescent, waitFor } from "../../helpers/wait-for.js";

const LABEL = "C0LABEL";
const LEADS = "C0LEADS";
/** Slack's fake opens the DM with U… as D… . */
const dm = (user: string) => `D${user.slice(1)}`;

let h: SlackHarness;
afterEach(async () => h?.close());

/** The assignment behind the vote buttons of the latest card in a DM. */
function openAssignment(channel: string): number {
  const blocks = (h.latestMessage(channel)?.blocks ?? []) as Record<string, unknown>[];
  const ids = blocks.filter((b) => b.type === "actions").flatMap((b) => (b.elements as { action_id: string }[]).map((e) => tryParseAction(e.action_id)));
  const vote = ids.find((a) => a?.verb === "vote");
  if (!vote || vote.verb !== "vote") throw new Error(`no vote button in ${channel}: ${blockText(blocks)}`);
  return vote.assignmentId;
}

const cardText = (channel: string) => blockText((h.latestMessage(channel)?.blocks ?? []) as Record<string, unknown>[]);

/** Clicks a button and waits for the adapter's follow-up calls (chat.update, views.open, DMs). */
async function click(user: string, predicate: (id: string) => boolean, channel: string) {
  const res = await h.click(user, predicate, { channel });
  expect(res.status).toBe(200);
  await settled();
}

/** The ack came back; the adapter's calls after it (chat.update, a DM, views.open) are done once the fake hears nothing more. */
async function settled() {
  await h.settle();
  await quiescent(() => h.slack.calls.length);
}

/** Answers the calibration item on a user's DM card (right: the reference A), adds a rationale, and asks for the next one. */
async function answerItem(user: string, right: boolean, rationale: string, next = true) {
  const assignment = openAssignment(dm(user));
  const choice = screenChoiceOf(h.core, assignment, right ? "a" : "b");
  h.core.clock.advance(40_000);
  await click(
    user,
    isAction("vote", (a) => a.assignmentId === assignment && a.choice === choice),
    dm(user),
  );
  const voted = cardText(dm(user));
  expect(voted).toContain(`You chose: Response ${choice}`);
  // A round gives no feedback before its close: the reference and its explanation stay hidden.
  expect(voted).not.toMatch(/Expected|check item|names the right unit/);
  await click(
    user,
    isAction("rationale", (a) => a.assignmentId === assignment),
    dm(user),
  );
  const submitted = await h.submit(user, { rationale });
  expect(submitted.status).toBe(200);
  await settled();
  expect(cardText(dm(user))).toContain("rationale saved");
  if (next) await click(user, isAction("next"), dm(user));
}

const postsTo = (channel: string, after = -1) => h.posts().filter((p) => p.channel === channel && p.index > after);
const lastIndex = () => h.slack.calls.length - 1;
const hasStart = (p: SlackPost) =>
  p.blocks.some((b) => b.type === "actions" && (b.elements as { action_id: string }[]).some((e) => isAction("calibration_start")(e.action_id)));

describe("quality control on Slack (real Bolt app, fake Slack)", () => {
  it("a scheduled calibration round through a simulated week: announce, Start, private answers, reminder, close, results, summary, threads", async () => {
    h = await startSlackHarness({ start: "2026-01-04T12:00:00Z" }); // a Sunday
    await seedCalibrationCampaign(h.core, `slack:${LABEL}`, `slack:${LEADS}`);
    const week = weekDriver(h.core, () => h.settle());
    const [alice, boris, chloe, dmitri] = ["UALICE", "UBORIS", "UCHLOE", "UDMITRI"] as const;

    // Sunday: four people label a regular item each, so they count as active in the campaign.
    for (const u of [alice, boris, chloe, dmitri]) {
      expect((await h.command(u, "next calib", LABEL)).status).toBe(200);
      await settled();
      h.core.clock.advance(40_000);
      await click(
        u,
        isAction("vote", (a) => a.choice === "1"),
        dm(u),
      );
    }
    expect(postsTo(LABEL)).toEqual([]);

    // Monday 10:00: the 09:00 round is open and announced in the campaign's channel, with Start.
    await week.step(22);
    const announcements = postsTo(LABEL).filter(hasStart);
    expect(announcements).toHaveLength(1);
    const announcement = announcements[0]!;
    expect(announcement.threadTs).toBeUndefined();
    expect(blockText(announcement.blocks)).toContain("Calibration round · Helpfulness");
    expect(blockText(announcement.blocks)).toContain("3 reference items, answered privately. Open until *2026-01-07 09:00 UTC*");

    // Alice answers all three right, Boris all three wrong, Chloe one (wrong) and stops; Dmitri never starts.
    const channelPostsBefore = postsTo(LABEL).length;
    await click(alice, isAction("calibration_start"), LABEL);
    expect(cardText(dm(alice))).toContain("Calibration round: item 1 of 3");
    // The channel only gets a pointer that only Alice sees.
    expect(h.slack.of("chat.postEphemeral").at(-1)).toMatchObject({ channel: LABEL, user: alice, text: "Sent you a direct message from Pairwise." });
    await answerItem(alice, true, "A states the unit and says where the figure comes from.");
    expect(cardText(dm(alice))).toContain("Calibration round: item 2 of 3");
    await answerItem(alice, true, "A answers the question that was asked; B drifts.");
    expect(cardText(dm(alice))).toContain("Calibration round: item 3 of 3");
    await answerItem(alice, true, "A is correct and complete.");
    expect(cardText(dm(alice))).toContain("That was the last item of the calibration round (3 answered)");

    await click(boris, isAction("calibration_start"), LABEL);
    for (let i = 0; i < 3; i++) await answerItem(boris, false, "B reads more smoothly to me.");
    expect(cardText(dm(boris))).toContain("That was the last item of the calibration round (3 answered)");

    await click(chloe, isAction("calibration_start"), LABEL);
    expect(cardText(dm(chloe))).toContain("Calibration round: item 1 of 3");
    await answerItem(chloe, false, "B is shorter, which I prefer.", false);
    // The answering happened in DMs: nothing new in the channel.
    expect(postsTo(LABEL)).toHaveLength(channelPostsBefore);

    // Tuesday 22:00: past three quarters of the window (21:00), the unfinished are reminded once, by DM.
    const beforeReminders = lastIndex();
    await week.step(36);
    const reminded = (u: string) => postsTo(dm(u), beforeReminders).map((p) => p.text);
    expect(reminded(chloe)).toEqual([
      "Reminder: you have calibration items left in Helpfulness; the round closes at 2026-01-07 09:00 UTC. Continue with `/pairwise next calib`.",
    ]);
    expect(reminded(dmitri)).toEqual([
      "Reminder: the calibration round of Helpfulness closes at 2026-01-07 09:00 UTC. Press Start on the announcement to take part.",
    ]);
    expect(reminded(alice)).toEqual([]);
    expect(reminded(boris)).toEqual([]);
    const reminderAt = postsTo(dm(chloe), beforeReminders)[0]!.index;

    // Wednesday 10:00: the round closed at 09:00.
    const beforeClose = lastIndex();
    await week.step(12);
    const result = (u: string) => postsTo(dm(u), beforeClose).map((p) => p.text);
    expect(result(alice)).toEqual([
      "Calibration round result for Helpfulness: kappa 1.00 (bar 0.65), 100% of 3 items matched the reference. You passed and are qualified for regular items.",
    ]);
    expect(result(boris)).toHaveLength(1);
    expect(result(boris)[0]).toContain("kappa 0.00 (bar 0.65), 0% of 3 items matched the reference. You did not reach the bar this time.");
    expect(result(chloe)).toHaveLength(1);
    expect(result(chloe)[0]).toContain(
      "0% of 1 items matched the reference. You answered 1 of the 3 items, and a calibration counts only when every item is answered.",
    );
    expect(result(dmitri)).toEqual([]);
    expect(postsTo(dm(chloe), beforeClose)[0]!.index).toBeGreaterThan(reminderAt);
    expect(statuses(h.core)).toEqual({ UALICE: "qualified", UBORIS: "needs_calibration", UCHLOE: "needs_calibration", UDMITRI: "new" });

    // The announcement became the group's summary, its Start button gone.
    const summary = h.message(LABEL, announcement.ts)!;
    expect(blockText(summary.blocks)).toContain("Calibration round closed: 3 took part, 1 passed, median kappa 0.00.");
    expect(blockText(summary.blocks)).toContain("discussed in threads below: cal-");
    expect(hasStart(summary)).toBe(false);

    // The split items are discussed in the announcement's thread: reference, explanation, anonymized excerpts.
    const threads = postsTo(LABEL, beforeClose).filter((p) => p.threadTs === announcement.ts);
    expect(threads).toHaveLength(3);
    const mostSplit = blockText(threads[0]!.blocks);
    // Each annotator saw the pair in their own order: responses are named by their opening words.
    expect(mostSplit).toMatch(/Item cal-(\d): the reference answer is the response beginning “Answer A for \1”\./);
    const item = Number(/Item cal-(\d)/.exec(mostSplit)![1]);
    expect(mostSplit).toContain(explanationOf(item).replace("Response A", `the response beginning “Answer A for ${item}”`));
    expect(mostSplit).toContain(`Answers: “Answer A for ${item}” 1, “Answer B for ${item}” 1`);
    expect(mostSplit).toMatch(/Annotator 1 \(chose “Answer A for \d”\): “A .+”/);
    expect(mostSplit).toContain(`Annotator 2 (chose “Answer B for ${item}”): “B reads more smoothly to me.”`);
    expect(mostSplit).not.toMatch(/Response [AB]\b/);
    const allThreads = threads
      .map((t) => `${t.text}\n${blockText(t.blocks)}`)
      .join("\n")
      .toLowerCase();
    expect(allThreads).toContain("b is shorter, which i prefer."); // Chloe's item is among them
    for (const who of identities(h.core)) expect(allThreads).not.toContain(who.toLowerCase());

    // The next Monday opens the second round; a restarted scheduler and a repeated fire open nothing more.
    await week.step(24 * 5);
    const second = postsTo(LABEL).filter(hasStart);
    expect(second).toHaveLength(2);
    expect(blockText(second[1]!.blocks)).toContain("Open until *2026-01-14 09:00 UTC*");
    expect(roundCount(h.core)).toBe(2);
    const restarted = weekDriver(h.core, () => h.settle());
    expect(await restarted.scheduler.catchUp(h.core.clock.now())).toEqual([]);
    expect(await restarted.scheduler.fire("sweep", new Date("2026-01-12T09:00:00Z"))).toBe(false);
    await restarted.step(1);
    expect(roundCount(h.core)).toBe(2);
    expect(postsTo(LABEL).filter(hasStart)).toHaveLength(2);
    expect(h.slack.refused()).toEqual([]);
  });

  it("gold feedback after each check vote, then the accuracy flag: a private notice and the leads' channel", async () => {
    h = await startSlackHarness();
    const c = await seedCampaign(h.core, goldCampaign(`slack:${LABEL}`, `slack:${LEADS}`));
    seedComparisons(h.core, c.id, 30, { overlap: 1 });
    seedComparisons(h.core, c.id, 15, { kind: "gold", gold: "b", prefix: "gold" });
    const ann = "UGINA";
    await h.command(ann, "next gold", LABEL);
    await settled();
    // Each item's card is one DM message, edited in place by its vote; Next keeps it as a record of
    // the vote and posts the next card (notices are separate posts).
    let cardTs = String(h.latestMessage(dm(ann))!.ts);
    const card = () => blockText(h.message(dm(ann), cardTs)!.blocks);
    const cards = () => postsTo(dm(ann)).filter((p) => p.blocks.some((b) => b.type === "actions"));

    // 10 check answers: the 1st and the 10th wrong, 8 of 10 right (80%, under the 88% bar).
    let gold = 0;
    for (let guard = 0; gold < 10 && guard < 45; guard++) {
      const assignment = openAssignment(dm(ann));
      expect(cardText(dm(ann))).not.toContain("check item"); // injected silently
      const kind = assignmentKind(h.core, assignment);
      const wrong = kind === "gold" && (gold === 0 || gold === 9);
      const choice = kind === "gold" ? screenChoiceOf(h.core, assignment, wrong ? "a" : "b") : "1";
      h.core.clock.advance(40_000);
      await click(
        ann,
        isAction("vote", (a) => a.assignmentId === assignment && a.choice === choice),
        dm(ann),
      );
      const shown = card();
      expect(shown).toContain(`You chose: Response ${choice}`);
      if (kind !== "gold") {
        expect(shown).not.toContain("check item");
      } else if (wrong) {
        const expected = screenChoiceOf(h.core, assignment, "b");
        expect(shown).toContain(`This was a check item. Expected: *Response ${expected}*. Because b is right.`);
      } else {
        expect(shown).toContain("This was a check item, and you matched the expected answer. Because b is right.");
      }
      if (kind === "gold") {
        gold++;
        expect(statuses(h.core)[ann]).toBe(gold < 10 ? "new" : "needs_calibration");
      }
      if (gold < 10) {
        const before = cards().length;
        await click(ann, isAction("next"), dm(ann));
        expect(card()).toContain(`You chose: Response ${choice}`); // the record stays
        const posted = await waitFor(() => cards().length > before && cards().at(-1), "the next card");
        cardTs = posted.ts;
      }
    }
    expect(gold).toBe(10);
    await waitFor(() => postsTo(LEADS).length > 0, "the leads' notice");
    const notices = postsTo(dm(ann))
      .map((p) => p.text)
      .filter((t) => t.includes("check items"));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain("matched the expected answer 8 times out of the last 10 (80%), under the campaign's bar");
    const leads = postsTo(LEADS).map((p) => p.text);
    expect(leads).toHaveLength(1);
    expect(leads[0]).toMatch(
      /^Gold check: <@UGINA> is at 80% over the last 10 check items in Gold checks, and now needs calibration\. To give them a fresh start: `\/pairwise requalify \S+ slack:\w+`/,
    );
    // Flagged, with no calibration items to take: regular work is paused, and the card says why.
    await click(ann, isAction("next"), dm(ann));
    expect(JSON.stringify(h.slack.of("chat.postEphemeral").at(-1))).toContain("You are paused for regular items in gold until you pass a calibration");
    expect(h.slack.refused()).toEqual([]);
  });
});
