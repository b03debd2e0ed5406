import { beforeEach, describe, expect, it } from "vitest";
import { attachPlatform } from "../../../src/app.js";
import type { Choice } from "../../../src/domain/choice.js";
import { labeledItems } from "../../../src/io/export/labeled-items.js";
import { LeftOutTally } from "../../../src/io/export/left-out.js";
import { judgeDisagreements } from "../../../src/services/ai-judge/disagreements.js";
import { decideJudgeReview, nextJudgeReview } from "../../../src/services/ai-judge/judge-review.js";
import { requireCampaign } from "../../../src/services/find-campaign.js";
import { importComparisons } from "../../../src/services/import-comparisons.js";
import { buildReport, reportText } from "../../../src/services/reports/index.js";
import { FakePlatform } from "../../fakes/fake-platform.js";
import { fakeJudge, judgedCampaign, lengthJudge, prescore } from "../../helpers/ai-judge.js";
import { createTestCore, seedCampaign, type TestCore } from "../../helpers/core.js";
import { action, button, command, textOf, user, viewOf } from "../../helpers/events.js";

const FIXTURE = "test/fixtures/pandalm/testset-v1-idx200-239.json";

let core: TestCore;
let campaignId: number;
const LEAD = user("ULEAD");

beforeEach(async () => {
  core = createTestCore({ leads: [{ platform: "slack", userId: "ULEAD" }] });
  campaignId = (await seedCampaign(core, judgedCampaign(""))).id;
  await importComparisons(core.services, { campaign: "c", path: FIXTURE });
  const server = await fakeJudge({ respond: lengthJudge });
  try {
    await prescore(core, server);
  } finally {
    await server.close();
  }
});

/** Each item's exported label (default filters: what `pairwise export` writes), by comparison id. */
async function exportedLabels(): Promise<Map<number, { label: Choice; source: string }>> {
  const out = new Map<number, { label: Choice; source: string }>();
  for await (const item of labeledItems(core.services.db, campaignId, {}, new LeftOutTally()))
    out.set(item.id, { label: item.label.label, source: item.label.source });
  return out;
}

describe("the review of the pairs where the judge disagrees with a confident human majority", () => {
  it("goes through the report's pairs in the report's order, the judge's most confident first", async () => {
    const report = await buildReport(core.services, "c", "judge");
    const listed = (report.data.disagreements as { comparisonId: number; confidence: number }[]).map((d) => d.comparisonId);
    expect(listed).toHaveLength(15);
    expect(report.data.pairsToReview).toBe(15);
    const { disagreements } = await judgeDisagreements(core.services, await requireCampaign(core.services, "c"));
    expect(disagreements.map((d) => d.comparisonId)).toEqual(listed);
    const confidences = disagreements.map((d) => d.confidence);
    expect([...confidences].sort((x, y) => y - x)).toEqual(confidences);

    // Walking by skipping: every listed pair once, in that order, with its place and the total.
    const seen: number[] = [];
    let step = await nextJudgeReview(core.services, { campaignId });
    while (step.kind === "case") {
      expect([step.case.position, step.case.total, step.case.decided]).toEqual([seen.length + 1, 15, 0]);
      // Each is a real disagreement: a majority of two thirds or more of at least two people, against the judge.
      const pair = step.case;
      const forMajority = pair.votes.filter((v) => v.choice === pair.majority).length;
      expect(pair.votes.length).toBeGreaterThanOrEqual(2);
      expect(forMajority / pair.votes.length).toBeGreaterThanOrEqual(2 / 3);
      expect(pair.judge.choice).not.toBe(pair.majority);
      seen.push(step.case.comparison.id);
      step = await nextJudgeReview(core.services, { campaignId, after: step.case.comparison.id });
    }
    expect(seen).toEqual(listed);
    expect(step).toMatchObject({ kind: "done", scored: true, total: 15, decided: 0, walked: true });
  });

  it("records the lead's side as the item's adjudication, which the export takes as the label", async () => {
    const { disagreements } = await judgeDisagreements(core.services, await requireCampaign(core.services, "c"));
    const [first, second] = disagreements;
    const before = await exportedLabels();
    // Without a decision an item is labeled by its majority when complete, never by the judge.
    for (const d of [first!, second!]) expect(before.get(d.comparisonId)?.label ?? d.majority).toBe(d.majority);

    expect(await decideJudgeReview(core.services, { comparisonId: first!.comparisonId, side: "humans", lead: "slack:ULEAD" })).toMatchObject({
      status: "recorded",
      choice: first!.majority,
    });
    expect(await decideJudgeReview(core.services, { comparisonId: second!.comparisonId, side: "judge", lead: "slack:ULEAD" })).toMatchObject({
      status: "recorded",
      choice: second!.judge,
    });
    // A second decision on a decided pair changes nothing.
    expect((await decideJudgeReview(core.services, { comparisonId: second!.comparisonId, side: "humans", lead: "slack:UOTHER" })).status).toBe(
      "already_decided",
    );

    const rows = core.services.db.$client
      .prepare("SELECT comparison_id AS item, reason, status, final_choice AS finalChoice, resolved_by AS lead, note FROM adjudications ORDER BY id")
      .all() as { item: number; reason: string; status: string; finalChoice: string; lead: string; note: string }[];
    expect(rows.map(({ note: _note, ...r }) => r)).toEqual([
      { item: first!.comparisonId, reason: "judge", status: "resolved", finalChoice: first!.majority, lead: "slack:ULEAD" },
      { item: second!.comparisonId, reason: "judge", status: "resolved", finalChoice: second!.judge, lead: "slack:ULEAD" },
    ]);
    expect(rows[0]!.note).toMatch(/^Judge review: confirmed the human majority \(.+\) against the AI judge judge-model/);
    expect(rows[1]!.note).toMatch(/^Judge review: sided with the AI judge judge-model \(.+% confident\) against the human majority/);

    const after = await exportedLabels();
    expect(after.get(first!.comparisonId)).toEqual({ label: first!.majority, source: "adjudicated" });
    expect(after.get(second!.comparisonId)).toEqual({ label: second!.judge, source: "adjudicated" });

    // The review goes on with the pairs still open; its count of decided pairs follows.
    const next = await nextJudgeReview(core.services, { campaignId });
    expect(next.kind === "case" && [next.case.position, next.case.decided]).toEqual([3, 2]);
  });

  it("says in the report's text how to review them", async () => {
    expect(reportText(await buildReport(core.services, "c", "judge"))).toContain("`/pairwise adjudicate c judge`");
  });
});

describe("the review in chat", () => {
  it("is offered under the judge report, walks a lead through with progress, and ends clearly", async () => {
    const slack = new FakePlatform("slack");
    await attachPlatform(core, slack);
    const report = await slack.emit(command(LEAD, "report", ["c", "judge"]));
    expect(report.kind).toBe("deferred");
    const sent = report.kind === "deferred" ? await report.work() : report;
    expect(sent.kind).toBe("file");
    const then = sent.kind === "file" ? sent.then : undefined;
    expect(then && textOf(then)).toContain("on 15 pairs");
    const start = button(then!, "judge_review");
    expect(start.campaignId).toBe(campaignId);

    const first = viewOf(await slack.emit(action(LEAD, start)));
    expect(textOf(first)).toContain("Pair 1 of 15 · 0 decided");
    expect(textOf(first)).toMatch(/\*Humans\* \(3 votes\): (Response [12]|Tie): [23]/);
    expect(textOf(first)).toMatch(/\*AI judge\* \(judge-model, prompt .+\): \*(Response [12]|Tie)\*, 90% confident/);
    const humans = button(first, "judge_decide", (a) => a.side === "humans");
    const skip = button(first, "judge_decide", (a) => a.side === "skip");
    expect(humans.comparisonId).toBe(skip.comparisonId);

    const second = viewOf(await slack.emit(action(LEAD, skip)));
    expect(textOf(second)).toContain("Pair 2 of 15 · 0 decided");
    const third = viewOf(
      await slack.emit(
        action(
          LEAD,
          button(second, "judge_decide", (a) => a.side === "judge"),
        ),
      ),
    );
    expect(textOf(third)).toContain("Recorded the judge's answer");
    expect(textOf(third)).toContain("Pair 3 of 15 · 1 decided");

    // Skip the rest: the end says how many are decided and how to see the open ones again.
    let view = third;
    for (let i = 3; i <= 15; i++)
      view = viewOf(
        await slack.emit(
          action(
            LEAD,
            button(view, "judge_decide", (a) => a.side === "skip"),
          ),
        ),
      );
    expect(textOf(view)).toContain("Review done: that was the last of the 15 pairs where the AI judge disagrees with a confident human majority in c.");
    expect(textOf(view)).toContain("1 decided, 14 still open (skipped): `/pairwise adjudicate c judge`");

    // The command starts at the first open pair: the skipped first one.
    const again = viewOf(await slack.emit(command(LEAD, "adjudicate", ["c", "judge"])));
    expect(textOf(again)).toContain("Pair 1 of 15 · 1 decided");
    expect(button(again, "judge_decide").comparisonId).toBe(humans.comparisonId);
  });

  it("is for the campaign's leads only, whatever the button says", async () => {
    const slack = new FakePlatform("slack");
    await attachPlatform(core, slack);
    const card = viewOf(await slack.emit(command(LEAD, "adjudicate", ["c", "judge"])));
    const side = button(card, "judge_decide", (a) => a.side === "judge");
    const stranger = user("U1");
    expect(textOf(viewOf(await slack.emit(command(stranger, "adjudicate", ["c", "judge"]))))).toContain("for campaign leads");
    expect(textOf(viewOf(await slack.emit(action(stranger, { verb: "judge_review", campaignId }))))).toContain('You do not lead campaign "c"');
    expect(textOf(viewOf(await slack.emit(action(stranger, side))))).toContain('You do not lead campaign "c"');
    expect(textOf(viewOf(await slack.emit(action(stranger, { ...side, side: "skip" }))))).toContain('You do not lead campaign "c"');
    expect(core.services.db.$client.prepare("SELECT count(*) AS n FROM adjudications").get()).toEqual({ n: 0 });
  });

  it("refuses an unknown queue with an example", async () => {
    const slack = new FakePlatform("slack");
    await attachPlatform(core, slack);
    expect(textOf(viewOf(await slack.emit(command(LEAD, "adjudicate", ["c", "jduge"]))))).toContain("Example: `/pairwise adjudicate c judge`");
  });
});
