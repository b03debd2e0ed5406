import { afterEach, describe, expect, it } from "vitest";
import { attachPlatform } from "../../../src/app.js";
import { settleBackground } from "../../../src/core/dispatch-context.js";
import { toScreenChoice } from "../../../src/domain/choice.js";
import { castVote } from "../../../src/services/cast-vote.js";
import { nextAssignment } from "../../../src/services/next-assignment.js";
import { closeDueRounds, dueReminders, openRound, recordAnnouncements } from "../../../src/services/quality/calibration-rounds.js";
import { claimReview } from "../../../src/services/quality/peer-review.js";
import { findRound } from "../../../src/storage/repos/calibration-rounds.repo.js";
import { findCampaignByName } from "../../../src/storage/repos/campaigns.repo.js";
import { FakePlatform } from "../../fakes/fake-platform.js";
import { type AnyCore, BOTH_CORES, rows, seedItems } from "../../helpers/both-cores.js";
import { seedCampaign } from "../../helpers/core.js";
import { action, button, buttonsOf, command, form, textOf, user, viewOf } from "../../helpers/events.js";

/*
 * Quality control on both databases, through the same services and the same platform events:
 * calibration (the qualification gate and a scheduled round), adjudication, peer review, and gold
 * accuracy pausing an annotator until a lead requalifies them. Each case mirrors a SQLite test in
 * test/integration/quality and asserts the same results on SQLite and PostgreSQL.
 */

const CALIBRATION = `
name: c
title: Calib
status: active
guidelines: Pick the better one.
goldRate: 0
channels: [slack:CLABEL]
leadsChannels: [slack:CLEADS]
calibration: { cron: "0 9 * * MON", items: 3, window: "48h" }
`;

let open: AnyCore[] = [];
afterEach(async () => {
  for (const core of open) await core.close();
  open = [];
});

async function statuses(core: AnyCore): Promise<Record<string, string>> {
  const found = await rows<{ userId: string; status: string }>(core, 'SELECT user_id AS "userId", status FROM annotators ORDER BY user_id');
  return Object.fromEntries(found.map((r) => [r.userId, r.status]));
}

async function assignmentOf(core: AnyCore, assignmentId: number): Promise<{ order: "ab" | "ba"; kind: string }> {
  const [found] = await rows<{ order: "ab" | "ba"; kind: string }>(core, 'SELECT display_order AS "order", kind FROM assignments WHERE id = ?', assignmentId);
  return found!;
}

const dmsTo = (slack: FakePlatform, userId: string) =>
  slack
    .of("postMessage")
    .filter((p) => p.to.kind === "direct" && p.to.user.userId === userId)
    .map((p) => p.view.text);

describe.each(BOTH_CORES)("quality control on %s", (_, make) => {
  async function setup(options: { seed?: number; start?: string } = {}) {
    const core = await make(options);
    open.push(core);
    const slack = new FakePlatform("slack");
    await attachPlatform(core, slack);
    return { core, slack };
  }

  /** Answers whatever calibration card `next` shows, right or wrong against reference "a". */
  async function answer(core: AnyCore, slack: FakePlatform, who: string, right: boolean, first?: ReturnType<typeof viewOf>) {
    const card = first ?? viewOf(await slack.emit(command(user(who), "next", ["c"])));
    const vote = button(card, "vote");
    const a = toScreenChoice("a", (await assignmentOf(core, vote.assignmentId)).order);
    core.clock.advance(40_000);
    await slack.emit(action(user(who), { verb: "vote", assignmentId: vote.assignmentId, choice: right ? a : a === "1" ? "2" : "1" }));
  }

  it("qualification gate: a new annotator answers calibration items first, then is qualified and gets regular items", async () => {
    const { core, slack } = await setup();
    const c = await seedCampaign(core, CALIBRATION);
    await seedItems(core, c.id, 5);
    await seedItems(core, c.id, 4, { kind: "calibration", gold: "a", prefix: "cal" });
    const first = viewOf(await slack.emit(command(user("U1"), "next", ["c"])));
    expect(textOf(first)).toContain("Qualification: item 1 of 3");
    await answer(core, slack, "U1", true, first);
    await answer(core, slack, "U1", true);
    await answer(core, slack, "U1", true);
    expect(textOf(viewOf(await slack.emit(command(user("U1"), "next", ["c"]))))).toContain("You passed and are qualified");
    expect(await statuses(core)).toEqual({ U1: "qualified" });
    const regular = viewOf(await slack.emit(command(user("U1"), "next", ["c"])));
    expect(textOf(regular)).not.toContain("Qualification");
    expect(textOf(regular)).toContain("Response 1");
  });

  it("a calibration round opened, answered, reminded and closed gives the same figures", async () => {
    const { core, slack } = await setup({ start: "2026-01-05T09:00:00Z" });
    const c = await seedCampaign(core, CALIBRATION.replace("status: active", "status: active\nqualificationGate: false"));
    await seedItems(core, c.id, 10);
    const cal = await seedItems(core, c.id, 4, { kind: "calibration", gold: "a", prefix: "cal" });
    // Three people who labeled this week, so they count as active; U4 labeled and never starts the round.
    for (const u of ["U1", "U2", "U3", "U4"]) {
      const card = viewOf(await slack.emit(command(user(u), "next", ["c"])));
      core.clock.advance(40_000);
      await slack.emit(
        action(
          user(u),
          button(card, "vote", (a) => a.choice === "1"),
        ),
      );
    }
    // Opened as the Monday 09:00 schedule opens it (the scheduler's own bookkeeping has its own tests).
    const { round, created } = await openRound(core.services, { campaign: c, runKey: "round:test", at: core.clock.now() });
    expect(created).toBe(true);
    expect(round.itemIds).toEqual(cal.slice(0, 3));
    expect((await openRound(core.services, { campaign: c, runKey: "round:test", at: core.clock.now() })).created).toBe(false);
    await recordAnnouncements(core.services, round.id, [{ platform: "slack", channelId: "CLABEL", messageId: "m1" }]);
    expect((await findRound(core.services.db, round.id))?.announcements).toEqual([{ platform: "slack", channelId: "CLABEL", messageId: "m1" }]);

    // U1 answers all three right; U2 all wrong; U3 starts and stops after one.
    const start = { verb: "calibration_start", roundId: round.id } as const;
    const firstU1 = viewOf(await slack.emit(action(user("U1"), start)));
    expect(textOf(firstU1)).toContain("Calibration round: item 1 of 3");
    await answer(core, slack, "U1", true, firstU1);
    await answer(core, slack, "U1", true);
    await answer(core, slack, "U1", true);
    expect(textOf(viewOf(await slack.emit(command(user("U1"), "next", ["c"]))))).toContain("last item of the calibration round");
    await answer(core, slack, "U2", false, viewOf(await slack.emit(action(user("U2"), start))));
    await answer(core, slack, "U2", false);
    await answer(core, slack, "U2", false);
    await answer(core, slack, "U3", true, viewOf(await slack.emit(action(user("U3"), start))));

    core.clock.set("2026-01-06T22:00:00Z"); // past three quarters of the window: reminders, once
    const reminders = await dueReminders(core.services, core.clock.now());
    expect(reminders.map((r) => r.people)).toEqual([
      [
        { platform: "slack", workspaceId: "T1", userId: "U3", started: true },
        { platform: "slack", workspaceId: "T1", userId: "U4", started: false },
      ],
    ]);
    expect(await dueReminders(core.services, core.clock.now())).toEqual([]);

    core.clock.set("2026-01-07T10:00:00Z"); // the round closed at 09:00
    const [closed, ...more] = await closeDueRounds(core.services, core.clock.now());
    expect(more).toEqual([]);
    expect(
      closed!.results.map((r) => ({ userId: r.userId, passed: r.result.passed, accuracy: r.result.accuracy, kappa: r.result.kappa, changed: r.statusChanged })),
    ).toEqual([
      { userId: "U1", passed: true, accuracy: 1, kappa: 1, changed: true },
      { userId: "U2", passed: false, accuracy: 0, kappa: 0, changed: true },
      { userId: "U3", passed: false, accuracy: 1, kappa: 1, changed: true },
    ]);
    expect(closed!.splits.map((s) => [s.externalId, s.agreement, s.answers.map((a) => a.choice)])).toEqual([
      ["cal-0", 0.5, ["a", "b"]],
      ["cal-1", 0.5, ["a", "b"]],
      ["cal-2", 2 / 3, ["a", "b", "a"]],
    ]);
    expect(await closeDueRounds(core.services, core.clock.now())).toEqual([]);
    expect(await statuses(core)).toEqual({ U1: "qualified", U2: "needs_calibration", U3: "needs_calibration", U4: "new" });
    // What the close stored: each person's figures, and the round's summary.
    const stored = await rows<Record<string, unknown>>(
      core,
      `SELECT a.user_id AS "userId", p.accuracy, p.kappa, p.passed, p.started_at IS NOT NULL AS started, p.finished_at IS NOT NULL AS finished
         FROM round_participants p JOIN annotators a ON a.id = p.annotator_id ORDER BY a.user_id`,
    );
    expect(stored.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "boolean" ? Number(v) : v])))).toEqual([
      { userId: "U1", accuracy: 1, kappa: 1, passed: 1, started: 1, finished: 1 },
      { userId: "U2", accuracy: 0, kappa: 0, passed: 0, started: 1, finished: 0 },
      { userId: "U3", accuracy: 1, kappa: 1, passed: 0, started: 1, finished: 0 },
    ]);
    const [summary] = await rows<{ status: string; summary: string; reminded: number | boolean }>(
      core,
      "SELECT status, summary, reminded FROM calibration_rounds",
    );
    expect({ ...summary, reminded: Number(summary!.reminded) }).toEqual({
      status: "closed",
      summary: JSON.stringify({ participants: 3, passed: 1, splits: ["cal-0", "cal-1", "cal-2"] }),
      reminded: 1,
    });
    // A closed round refuses a late start.
    expect(textOf(viewOf(await slack.emit(action(user("U4"), start))))).toContain("This calibration round is closed");
  });

  it("gives leads the split items with votes and rationales, and records a final answer with a note", async () => {
    const { core, slack } = await setup();
    const c = await seedCampaign(core, "name: c\nstatus: active\nguidelines: g\ngoldRate: 0\noverlap: 2\nmaxOverlap: 2\nleads: [slack:ULEAD]");
    await seedItems(core, c.id, 1, { overlap: 2 });
    for (const [u, choice] of [
      ["U1", "1"],
      ["U2", "2"],
    ] as const) {
      const a = await nextAssignment(core.services, { campaign: "c", annotator: { platform: "slack", workspaceId: "T1", userId: u } });
      const screen = a.assignment.displayOrder === "ab" ? choice : choice === "1" ? "2" : "1";
      await castVote(core.services, { annotator: { platform: "slack", workspaceId: "T1", userId: u }, assignmentId: a.assignment.id, choice: screen });
    }
    expect(await rows(core, "SELECT reason, status FROM adjudications")).toEqual([{ reason: "split", status: "pending" }]);
    expect(textOf(viewOf(await slack.emit(command(user("U1"), "adjudicate", ["c"]))))).toContain("for campaign leads");
    const lead = user("ULEAD");
    const card = viewOf(await slack.emit(command(lead, "adjudicate", ["c"])));
    expect(textOf(card)).toContain("Response 1: 1 · Response 2: 1");
    const final = button(card, "adjudicate", (a) => a.choice === "2");
    expect((await slack.emit(action(lead, final))).kind).toBe("form");
    expect((await slack.emit(form(lead, { verb: "adjudicate_form", comparisonId: final.comparisonId, choice: "2" }, { note: "b" }))).kind).toBe("form_errors");
    const done = await slack.emit(
      form(lead, { verb: "adjudicate_form", comparisonId: final.comparisonId, choice: "2" }, { note: "B cites the source; A invents a date." }),
    );
    expect(textOf(viewOf(done))).toContain("Nothing waits for adjudication");
    expect(await rows(core, 'SELECT status, final_choice AS "finalChoice", note, resolved_by AS "resolvedBy" FROM adjudications')).toEqual([
      { status: "resolved", finalChoice: "b", note: "B cites the source; A invents a date.", resolvedBy: "slack:ULEAD" },
    ]);
  });

  describe("peer review", () => {
    async function reviewSetup(rate: number) {
      const made = await setup();
      const c = await seedCampaign(
        made.core,
        `name: c\nstatus: active\nguidelines: g\ngoldRate: 0\nqualificationGate: false\npeerReviewRate: ${rate}\noverlap: 3`,
      );
      await seedItems(made.core, c.id, 3);
      return made;
    }

    async function voteOnce(core: AnyCore, slack: FakePlatform, who: string) {
      const card = viewOf(await slack.emit(command(user(who), "next", ["c"])));
      core.clock.advance(60_000);
      await slack.emit(
        action(
          user(who),
          button(card, "vote", (a) => a.choice === "1"),
        ),
      );
    }

    it("assigns a sampled judgment to a second annotator, who sees the vote and agrees", async () => {
      const { core, slack } = await reviewSetup(1);
      await voteOnce(core, slack, "U1");
      const review = viewOf(await slack.emit(command(user("U2"), "next", ["c"])));
      expect(textOf(review)).toContain("Peer review");
      expect(textOf(review)).toContain("They chose: Response 1");
      expect(textOf(viewOf(await slack.emit(command(user("U1"), "next", ["c"]))))).not.toContain("Peer review");
      const agree = button(review, "review", (a) => a.verdict === "agree");
      expect(textOf(viewOf(await slack.emit(action(user("U3"), agree))))).toContain("given to someone else");
      expect(textOf(viewOf(await slack.emit(action(user("U2"), agree))))).toContain("You agreed");
      expect(await rows(core, "SELECT status, reason FROM peer_reviews")).toEqual([{ status: "agreed", reason: "sampled" }]);
    });

    it("a disagreement needs a note, flags the judgment and sends the item to adjudication", async () => {
      const { core, slack } = await reviewSetup(1);
      await voteOnce(core, slack, "U1");
      const review = viewOf(await slack.emit(command(user("U2"), "next", ["c"])));
      const disagree = button(review, "review", (a) => a.verdict === "disagree");
      expect((await slack.emit(action(user("U2"), disagree))).kind).toBe("form");
      expect((await slack.emit(form(user("U2"), { verb: "review_form", reviewId: disagree.reviewId, verdict: "disagree" }, { note: "" }))).kind).toBe(
        "form_errors",
      );
      await slack.emit(
        form(user("U2"), { verb: "review_form", reviewId: disagree.reviewId, verdict: "disagree" }, { note: "Response 2 is the accurate one." }),
      );
      expect(await rows(core, "SELECT status, note FROM peer_reviews")).toEqual([{ status: "disagreed", note: "Response 2 is the accurate one." }]);
      expect(await rows(core, "SELECT kind FROM judgment_flags")).toEqual([{ kind: "peer_disagreed" }]);
      expect(await rows(core, "SELECT reason, status FROM adjudications")).toEqual([{ reason: "review", status: "pending" }]);
    });

    it("reviewers claiming at once take different reviews, and one too many gets none", async () => {
      const { core, slack } = await reviewSetup(1);
      for (let i = 0; i < 3; i++) await voteOnce(core, slack, "U1");
      const campaign = (await findCampaignByName(core.services.db, "c"))!;
      const claims = await Promise.all(
        ["R1", "R2", "R3", "R4", "R5", "R6"].map((userId) =>
          claimReview(core.services, { campaign, annotator: { platform: "slack", workspaceId: "T1", userId } }),
        ),
      );
      const taken = claims.filter((c) => c !== undefined).map((c) => c.reviewId);
      expect(taken).toHaveLength(3);
      expect(new Set(taken).size).toBe(3);
      expect(await rows(core, "SELECT count(DISTINCT reviewer_id) AS n FROM peer_reviews WHERE status = 'claimed'")).toEqual([{ n: 3 }]);
    });

    it("samples at the campaign's rate", async () => {
      const { core, slack } = await reviewSetup(0);
      await voteOnce(core, slack, "U1");
      expect(await rows(core, "SELECT count(*) AS n FROM peer_reviews")).toEqual([{ n: 0 }]);
    });
  });

  it("gold accuracy under the bar pauses an annotator, and a lead's requalify lets them back with a fresh start", async () => {
    const { core, slack } = await setup({ seed: 11 });
    const c = await seedCampaign(core, "name: c\nstatus: active\nguidelines: g\ngoldRate: 0.5\noverlap: 1\nleads: [slack:ULEAD]");
    await seedItems(core, c.id, 60, { overlap: 1 });
    await seedItems(core, c.id, 30, { kind: "gold", gold: "a", prefix: "gold" });

    /** Votes until `answers` gold items are answered, the first `right` of them correctly. */
    async function flagByGold(answers: number, right: number): Promise<void> {
      for (let gold = 0; gold < answers; ) {
        const card = viewOf(await slack.emit(command(user("U1"), "next", ["c"])));
        const vote = button(card, "vote", (a) => a.choice === "1");
        const a = await assignmentOf(core, vote.assignmentId);
        if (a.kind !== "gold") {
          await slack.emit(action(user("U1"), vote));
          continue;
        }
        const correct = toScreenChoice("a", a.order);
        await slack.emit(action(user("U1"), { verb: "vote", assignmentId: vote.assignmentId, choice: gold < right ? correct : correct === "1" ? "2" : "1" }));
        gold++;
        if (gold < answers) expect((await statuses(core)).U1).not.toBe("needs_calibration");
      }
      await settleBackground(core.deps);
    }

    await flagByGold(10, 8); // 8 of 10: 80%, under the 88% bar
    expect(await statuses(core)).toEqual({ U1: "needs_calibration" });
    expect(dmsTo(slack, "U1").find((t) => t.includes("under the campaign's bar"))).toContain("8 times out of the last 10 (80%)");

    // Paused: no calibration items, so they wait for a lead; that the leads were told is kept once.
    expect(textOf(viewOf(await slack.emit(command(user("U1"), "next", ["c"]))))).toContain("The campaign's leads have been told");
    await slack.emit(command(user("U1"), "next", ["c"]));
    await settleBackground(core.deps);
    const toldAt = await rows<{ at: number | null }>(core, "SELECT leads_told_stuck_at AS at FROM annotator_campaign_notes");
    expect(toldAt).toHaveLength(1);
    expect(toldAt[0]!.at).toEqual(expect.any(Number));

    core.clock.advance(60_000);
    const done = textOf(viewOf(await slack.emit(command(user("ULEAD"), "requalify", ["c", "<@U1>"]))));
    expect(done).toContain("U1 (slack:U1) was needs calibration and is now qualified");
    expect(await statuses(core)).toEqual({ U1: "qualified" });
    expect(await rows(core, "SELECT leads_told_stuck_at AS at FROM annotator_campaign_notes")).toEqual([{ at: null }]);
    // A fresh start: the gold answers that led to the flag do not flag them again at the next one.
    expect(buttonsOf(viewOf(await slack.emit(command(user("U1"), "next", ["c"])))).some((a) => a.verb === "vote")).toBe(true);
    core.clock.advance(60_000);
    await flagByGold(1, 0);
    expect(await statuses(core)).toEqual({ U1: "qualified" });
  });
});
