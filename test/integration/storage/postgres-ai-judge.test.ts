import { afterEach, describe, expect, it } from "vitest";
import { toStoredChoice, type ScreenChoice } from "../../../src/domain/choice.js";
import { labeledItems } from "../../../src/io/export/labeled-items.js";
import { LeftOutTally } from "../../../src/io/export/left-out.js";
import { decideJudgeReview, nextJudgeReview } from "../../../src/services/ai-judge/judge-review.js";
import { castVote } from "../../../src/services/cast-vote.js";
import { nextAssignment } from "../../../src/services/next-assignment.js";
import { statement } from "../../../src/storage/statement.js";
import { fakeJudge, judgedCampaign, lengthJudge, prescore, requestsPerPair } from "../../helpers/ai-judge.js";
import { seedCampaign } from "../../helpers/core.js";
import { createPostgresTestCore, type PostgresTestCore } from "../../helpers/postgres-core.js";
import { seedItems } from "../../helpers/both-cores.js";
import { TEST_POSTGRES_URL } from "../../helpers/postgres.js";
import { verdictNaming, type FakeOpenAi, type FakeRequest } from "../../fakes/fake-openai/server.js";

/*
 * The AI judge's first pass and a lead's review of it on PostgreSQL, against the local fake judge
 * server, through the same services as test/integration/ai-judge/prescore.test.ts and
 * judge-review.test.ts on SQLite, asserting the same results.
 */

const where = TEST_POSTGRES_URL ? "a PostgreSQL server" : "PGlite";

let server: FakeOpenAi | undefined;
let open: PostgresTestCore[] = [];
afterEach(async () => {
  await server?.close();
  server = undefined;
  for (const core of open) await core.close();
  open = [];
});

async function core(): Promise<PostgresTestCore> {
  const made = await createPostgresTestCore();
  open.push(made);
  return made;
}

const rows = <Row>(c: PostgresTestCore, sql: string) => statement<[], Row>(c.services.db, sql).all();
/** The judge always prefers response A of item i, wherever it is shown. */
const prefersA = (r: FakeRequest) => verdictNaming(r, r.first.startsWith("Answer A") ? r.first : r.second) as "1" | "2";
const itemOf = (r: FakeRequest) => Number(/for (\d+)/.exec(r.first)![1]);
const who = (n: number) => ({ platform: "slack", workspaceId: "T1", userId: `U${n}` });

describe(`the AI judge on ${where}`, () => {
  it("asks both orders of every pair, reads the verdicts, and keeps them with their provenance", async () => {
    const c = await core();
    const campaign = await seedCampaign(c, judgedCampaign(""));
    await seedItems(c, campaign.id, 3);
    server = await fakeJudge({ respond: (r) => ({ verdict: prefersA(r), probability: 0.9 }) });
    const summary = await prescore(c, server);
    expect(summary).toMatchObject({ planned: 3, scored: 3, failed: 0, ordersAgreed: 3, requests: 6, notes: [] });
    expect([...requestsPerPair(server).values()]).toEqual([2, 2, 2]);
    const verdicts = await rows<Record<string, unknown>>(
      c,
      `SELECT j.choice, j.source, j.display_order, j.assignment_id, v.model, v.prompt_version, v.confidence, v.orders_agree
         FROM judgments j JOIN ai_verdicts v ON v.judgment_id = j.id`,
    );
    expect(verdicts).toHaveLength(3);
    for (const r of verdicts) {
      expect(r).toMatchObject({
        choice: "a",
        source: "ai",
        display_order: null,
        assignment_id: null,
        model: "judge-model",
        prompt_version: "judge-v1",
        orders_agree: true,
      });
      expect(r.confidence).toBeCloseTo(0.9, 6);
    }
    const answers = await rows<{ choice: string; via: string; structured: boolean; probability: number }>(
      c,
      "SELECT choice, via, structured, probability FROM judge_answers ORDER BY id",
    );
    expect(answers).toHaveLength(6);
    expect(answers.every((a) => a.choice === "a" && a.via === "json" && a.structured === true && Math.abs(a.probability - 0.9) < 1e-9)).toBe(true);
    const [run] = await rows<{ status: string; scored: number; requests: number; finished: boolean }>(
      c,
      "SELECT status, scored, requests, finished_at IS NOT NULL AS finished FROM prescore_runs",
    );
    expect(run).toEqual({ status: "done", scored: 3, requests: 6, finished: true });
    // A second pass finds nothing left to score.
    expect(await prescore(c, server)).toMatchObject({ planned: 0, scored: 0, requests: 0 });
  });

  it("routes pairs: borderline ones get more humans, confident ones fewer, the rest keep the overlap", async () => {
    const c = await core();
    const campaign = await seedCampaign(c, judgedCampaign("  confidentOverlap: 1"));
    await seedItems(c, campaign.id, 3);
    // Item 0: sure (0.95 both orders). Item 1: position bias (always the first). Item 2: middling (0.75).
    server = await fakeJudge({
      respond: (r) =>
        [
          { verdict: prefersA(r), probability: 0.95 },
          { verdict: "1" as const, probability: 0.99 },
          { verdict: prefersA(r), probability: 0.75 },
        ][itemOf(r)]!,
    });
    const summary = await prescore(c, server);
    expect(summary.routes).toEqual({ confident: 1, borderline: 1, neutral: 1 });
    const items = () =>
      rows<{ id: string; target: number; full: boolean }>(c, 'SELECT external_id AS id, target_overlap AS target, "full" FROM comparisons ORDER BY id');
    expect(await items()).toEqual([
      { id: "item-0", target: 1, full: false },
      { id: "item-1", target: 4, full: false },
      { id: "item-2", target: 3, full: false },
    ]);
    // The judge's verdict takes no slot: the confident pair still goes to one human, then no more.
    const first = await nextAssignment(c.services, { campaign: "c", annotator: who(1) });
    expect(first.comparison.externalId).toBe("item-0");
    expect((await items())[0]).toEqual({ id: "item-0", target: 1, full: true });
    expect((await nextAssignment(c.services, { campaign: "c", annotator: who(2) })).comparison.externalId).not.toBe("item-0");
  });

  it("walks a lead through the pairs where the judge disagrees with a confident human majority, and the export takes the lead's answer", async () => {
    const c = await core();
    const campaign = await seedCampaign(c, judgedCampaign(""));
    await seedItems(c, campaign.id, 4);
    // B made much longer everywhere: the length judge prefers it on every item, in both orders.
    await statement<[number]>(
      c.services.db,
      "UPDATE comparisons SET response_b = response_b || ', explained at length with examples' WHERE campaign_id = ?",
    ).run(campaign.id);
    server = await fakeJudge({ respond: lengthJudge });
    await prescore(c, server);
    // Three people all prefer A everywhere: a confident majority against the judge on every item.
    for (let n = 1; n <= 3; n++) {
      for (;;) {
        const [next] = await Promise.allSettled([nextAssignment(c.services, { campaign: "c", annotator: who(n) })]);
        if (next!.status === "rejected") break;
        const view = next!.value;
        const screen: ScreenChoice = toStoredChoice("1", view.assignment.displayOrder) === "a" ? "1" : "2";
        c.clock.advance(30_000);
        await castVote(c.services, { annotator: who(n), assignmentId: view.assignment.id, choice: screen });
      }
    }
    const seen: string[] = [];
    let step = await nextJudgeReview(c.services, { campaignId: campaign.id });
    while (step.kind === "case") {
      expect(step.case.judge.choice).toBe("b");
      expect(step.case.majority).toBe("a");
      expect(step.case.votes).toHaveLength(3);
      seen.push(step.case.comparison.externalId);
      step = await nextJudgeReview(c.services, { campaignId: campaign.id, after: step.case.comparison.id });
    }
    expect(seen.sort()).toEqual(["item-0", "item-1", "item-2", "item-3"]);
    expect(step).toMatchObject({ kind: "done", scored: true, total: 4, decided: 0, walked: true });

    // The lead sides with the judge on item 0: the export labels it b, against the three votes.
    const [item0] = await rows<{ id: number }>(c, "SELECT id FROM comparisons WHERE external_id = 'item-0'");
    expect(await decideJudgeReview(c.services, { comparisonId: item0!.id, side: "judge", lead: "slack:ULEAD" })).toMatchObject({
      status: "recorded",
      choice: "b",
    });
    expect(await decideJudgeReview(c.services, { comparisonId: item0!.id, side: "humans", lead: "slack:ULEAD" })).toMatchObject({ status: "already_decided" });
    const labels = new Map<number, { label: string; source: string }>();
    for await (const item of labeledItems(c.services.db, campaign.id, {}, new LeftOutTally()))
      labels.set(item.id, { label: item.label.label, source: item.label.source });
    expect(labels.get(item0!.id)).toMatchObject({ label: "b" });
    expect(await nextJudgeReview(c.services, { campaignId: campaign.id })).toMatchObject({ kind: "case", case: { decided: 1, total: 4 } });
  });
});
