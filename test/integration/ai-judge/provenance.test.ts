import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SCREEN_CHOICES } from "../../../src/domain/choice.js";
import { isPairwiseError } from "../../../src/errors.js";
import { agreementSummary } from "../../../src/io/export/agreement-summary.js";
import { dawidSkeneLabels } from "../../../src/io/export/dawid-skene-labels.js";
import { runExport } from "../../../src/io/export/run-export.js";
import { campaignRatings } from "../../../src/io/campaign-ratings.js";
import { annotatorStats } from "../../../src/services/annotator-stats.js";
import { castVote } from "../../../src/services/cast-vote.js";
import { dailyDigests } from "../../../src/services/daily-digest.js";
import { nextAssignment } from "../../../src/services/next-assignment.js";
import { checkDrift } from "../../../src/services/quality/drift.js";
import { dueReminders, openRound } from "../../../src/services/quality/calibration-rounds.js";
import { buildReport } from "../../../src/services/reports/index.js";
import { withTransaction } from "../../../src/services/context.js";
import { ensureJudgeAnnotator, insertAiJudgment } from "../../../src/storage/repos/ai-judgments.repo.js";
import { createTestCore, seedCampaign, seedComparisons, type TestCore } from "../../helpers/core.js";
import { judgedCampaign } from "../../helpers/ai-judge.js";

const dir = mkdtempSync(join(tmpdir(), "pairwise-provenance-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const person = (n: number) => ({ platform: "slack", workspaceId: "T1", userId: `U${n}` });

/** Four people label everything they are given, each with a habit of their own. */
async function labelAll(core: TestCore) {
  for (let round = 0; round < 40; round++) {
    for (let n = 1; n <= 4; n++) {
      let view;
      try {
        view = await nextAssignment(core.services, { campaign: "c", annotator: person(n) });
      } catch (error) {
        if (isPairwiseError(error) && error.code === "NO_WORK") continue;
        throw error;
      }
      await castVote(core.services, {
        annotator: person(n),
        assignmentId: view.assignment.id,
        choice: SCREEN_CHOICES[(view.comparison.id + (n === 4 ? 1 : 0)) % 3]!,
      });
      core.clock.advance(60_000);
    }
  }
}

/** The judge's verdict, stored as the prescore run stores it (both_bad: against every person), on every item or those of one kind. */
async function judgeEverything(core: TestCore, campaignId: number, kind?: string) {
  await withTransaction(core.services, async () => {
    const judgeId = await ensureJudgeAnnotator(core.services.db, { model: "judge-model", promptVersion: "judge-v1" }, core.clock.now());
    const ids = core.services.db.$client
      .prepare("SELECT id, target_overlap AS t FROM comparisons WHERE campaign_id = ? AND kind = coalesce(?, kind)")
      .all(campaignId, kind ?? null) as { id: number; t: number }[];
    for (const { id, t } of ids) {
      await insertAiJudgment(core.services.db, {
        campaignId,
        comparisonId: id,
        judgeId,
        runId: null,
        guidelineVersionId: null,
        choice: "both_bad",
        rationale: "neither",
        rubricScores: {},
        model: "judge-model",
        promptVersion: "judge-v1",
        ordersAgree: true,
        confidence: 0.99,
        route: "neutral",
        targetBefore: t,
        targetAfter: t,
        at: core.clock.now().getTime(),
      });
    }
  });
}

/** Everything Pairwise measures about people, as numbers and text. */
async function humanStatistics(core: TestCore, campaignId: number, tag: string) {
  const reports = Object.fromEntries(
    await Promise.all(
      ["progress", "agreement", "gold", "annotators", "bias", "models"].map(async (kind) => [kind, (await buildReport(core.services, "c", kind)).data]),
    ),
  );
  // csv keeps ties; incomplete items and flagged votes are kept so that every item has a row to compare.
  const out = join(dir, `${tag}.csv`);
  const exported = await runExport(core.services, { campaign: "c", format: "csv", out, filters: { includeIncomplete: true, excludeFlagged: false } });
  const labels = await dawidSkeneLabels(core.services.db, campaignId);
  return {
    reports,
    stats: (await annotatorStats(core.services, person(1))).campaigns,
    agreement: await agreementSummary(core.services.db, campaignId),
    ratings: await campaignRatings(core.services.db, campaignId),
    digest: (await dailyDigests(core.services, core.clock.now())).map((d) => d.lines),
    csv: readFileSync(out, "utf8"),
    qaAnnotators: exported.qa.annotators,
    dawidSkene: [1, 2, 3, 4, 5, 6].map((id) => labels(id, [])?.label),
  };
}

describe("the AI judge's verdicts never count as a person's", () => {
  it("leave agreement, gold accuracy, annotator stats, leaderboards, reports, digests and training exports unchanged", async () => {
    const core = createTestCore({ start: "2026-01-06T09:00:00Z" });
    const campaign = await seedCampaign(
      core,
      judgedCampaign("").replace("goldRate: 0", "goldRate: 0.3\nrubric:\n  - name: accuracy\n    description: Facts are right."),
    );
    seedComparisons(core, campaign.id, 6);
    seedComparisons(core, campaign.id, 3, { kind: "gold", gold: "a" });
    await labelAll(core);
    core.clock.set("2026-01-07T00:30:00Z");
    const before = await humanStatistics(core, campaign.id, "before");
    await judgeEverything(core, campaign.id);
    const after = await humanStatistics(core, campaign.id, "after");
    expect(after).toEqual(before);
    expect(before.qaAnnotators.map((a) => a.annotator).some((a) => a.startsWith("ai:"))).toBe(false);

    // Weekly drift figures are people's only.
    await checkDrift(core.services, new Date("2026-01-13T00:10:00Z"));
    const weekly = core.services.db.$client.prepare("SELECT DISTINCT a.platform FROM annotator_weekly w JOIN annotators a ON a.id = w.annotator_id").all();
    expect(weekly).toEqual([{ platform: "slack" }]);
  });

  it("never fill an item's human overlap, and never settle a split: adaptive overlap reads people only", async () => {
    const core = createTestCore();
    const campaign = await seedCampaign(core, judgedCampaign("", "", "c"));
    const [item] = seedComparisons(core, campaign.id, 1, { overlap: 2 });
    // The judge says A first; then two people split, A and B. Counted, the judge would make a 2–1 majority.
    await withTransaction(core.services, async () => {
      const judgeId = await ensureJudgeAnnotator(core.services.db, { model: "judge-model", promptVersion: "judge-v1" }, core.clock.now());
      await insertAiJudgment(core.services.db, {
        campaignId: campaign.id,
        comparisonId: item!,
        judgeId,
        runId: null,
        guidelineVersionId: null,
        choice: "a",
        rationale: null,
        rubricScores: {},
        model: "judge-model",
        promptVersion: "judge-v1",
        ordersAgree: true,
        confidence: 1,
        route: "neutral",
        targetBefore: 2,
        targetAfter: 2,
        at: 0,
      });
    });
    const votes = [];
    for (const [i, choice] of ["a", "b"].entries()) {
      const view = await nextAssignment(core.services, { campaign: "c", annotator: person(i + 1) });
      const screen = (view.assignment.displayOrder === "ab") === (choice === "a") ? "1" : "2";
      votes.push(await castVote(core.services, { annotator: person(i + 1), assignmentId: view.assignment.id, choice: screen }));
    }
    expect(votes[1]!.quality.item).toEqual({ kind: "extend", reason: "no majority (a 1, b 1)" });
    expect(core.services.db.$client.prepare("SELECT target_overlap AS t, done_count AS d FROM comparisons").get()).toEqual({ t: 3, d: 2 });
  });

  it("never put the judge on a calibration reminder list", async () => {
    const core = createTestCore();
    const campaign = await seedCampaign(core, judgedCampaign("", 'calibration: { cron: "0 9 * * MON", items: 2, window: "4h" }'));
    seedComparisons(core, campaign.id, 2, { kind: "calibration", gold: "a" });
    const [item] = seedComparisons(core, campaign.id, 1);
    const round = (await openRound(core.services, { campaign, runKey: "r1", at: core.clock.now() })).round;
    // A person active in the campaign, and the judge's verdict on a regular item in the same window.
    const view = await nextAssignment(core.services, { campaign: "c", annotator: person(1) });
    await castVote(core.services, { annotator: person(1), assignmentId: view.assignment.id, choice: "1" });
    await judgeEverything(core, campaign.id, "regular");
    expect(item).toBeDefined();
    core.clock.advance(3.5 * 3_600_000);
    const reminders = await dueReminders(core.services, core.clock.now());
    expect(reminders.map((r) => r.round.id)).toEqual([round.id]);
    expect(reminders[0]!.people.map((p) => `${p.platform}:${p.userId}`)).toEqual(["slack:U1"]);
  });
});
