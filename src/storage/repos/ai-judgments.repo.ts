import type { Choice } from "../../domain/choice.js";
import type { Route } from "../../domain/ai-judge/routing.js";
import type { Db } from "../database.js";
import { statement } from "../statement.js";
import { ensureAnnotatorNow } from "./annotators.repo.js";
import { onConnection } from "../transaction.js";

/**
 * The AI judge as an annotator: platform `ai`, workspace = prompt version, user = model. Each
 * (model, prompt version) is a judge of its own, so a new prompt or model scores the pairs afresh
 * and their judgments never mix.
 */
export function ensureJudgeAnnotator(db: Db, judge: { model: string; promptVersion: string }, now: Date): Promise<number> {
  return onConnection(db, async () => (await ensureAnnotatorNow(db, { platform: "ai", workspaceId: judge.promptVersion, userId: judge.model }, now)).id);
}

/** The campaign's regular pairs this judge has not scored yet, oldest first (only those of one import batch, if given). */
export function unscoredPairs(
  db: Db,
  input: { campaignId: number; judgeId: number; batchId?: number | undefined; limit?: number | undefined },
): Promise<number[]> {
  return onConnection(db, async () => {
    // No LIMIT without a limit: SQLite's LIMIT -1 means none, PostgreSQL refuses it. CAST: PostgreSQL
    // cannot tell the type of a parameter compared with NULL alone.
    const rows = await statement<[{ campaign: number; judge: number; batch: number | null }], { id: number }>(
      db,
      `SELECT x.id FROM comparisons x
     WHERE x.campaign_id = @campaign AND x.kind = 'regular' AND (CAST(@batch AS BIGINT) IS NULL OR x.import_batch_id = @batch)
       AND NOT EXISTS (SELECT 1 FROM judgments j WHERE j.comparison_id = x.id AND j.annotator_id = @judge)
     ORDER BY x.id${input.limit === undefined ? "" : ` LIMIT ${Math.max(0, Math.floor(input.limit))}`}`,
    ).all({ campaign: input.campaignId, judge: input.judgeId, batch: input.batchId ?? null });
    return rows.map((r) => r.id);
  });
}

export interface NewAiJudgment {
  campaignId: number;
  comparisonId: number;
  judgeId: number;
  runId: number | null;
  guidelineVersionId: number | null;
  choice: Choice;
  rationale: string | null;
  rubricScores: Record<string, { a: number; b: number }>;
  model: string;
  promptVersion: string;
  ordersAgree: boolean;
  confidence: number;
  route: Route;
  targetBefore: number;
  targetAfter: number;
  at: number;
}

/** The named parameters of an AI judgment's row (`rubric` is the scores' JSON). */
interface AiJudgmentParams {
  campaignId: number;
  comparisonId: number;
  judgeId: number;
  guidelineVersionId: number | null;
  choice: Choice;
  rationale: string | null;
  rubric: string;
  at: number;
}

/**
 * Stores the judge's verdict on a pair as a judgment with source `ai` (no assignment, no display
 * order: it saw both) and its provenance. Returns the judgment id, or undefined when this judge
 * already has a judgment on the pair.
 */
export function insertAiJudgment(db: Db, j: NewAiJudgment): Promise<number | undefined> {
  return onConnection(db, async () => {
    const row = await statement<[AiJudgmentParams], { id: number }>(
      db,
      `INSERT INTO judgments (campaign_id, comparison_id, annotator_id, guideline_version_id, kind, choice, rationale, rubric_scores, source, created_at, updated_at)
     VALUES (@campaignId, @comparisonId, @judgeId, @guidelineVersionId, 'regular', @choice, @rationale, @rubric, 'ai', @at, @at)
     ON CONFLICT (comparison_id, annotator_id) DO NOTHING RETURNING id`,
    ).get({
      campaignId: j.campaignId,
      comparisonId: j.comparisonId,
      judgeId: j.judgeId,
      guidelineVersionId: j.guidelineVersionId,
      choice: j.choice,
      rationale: j.rationale,
      rubric: JSON.stringify(j.rubricScores),
      at: j.at,
    });
    if (!row) return undefined;
    // The flag as a literal: 0/1 on SQLite, a boolean on PostgreSQL, TRUE/FALSE on both.
    await statement<[number, number | null, string, string, number, Route, number, number, number]>(
      db,
      `INSERT INTO ai_verdicts (judgment_id, run_id, model, prompt_version, orders_agree, confidence, route, target_before, target_after, created_at)
     VALUES (?, ?, ?, ?, ${j.ordersAgree ? "TRUE" : "FALSE"}, ?, ?, ?, ?, ?)`,
    ).run(row.id, j.runId, j.model, j.promptVersion, j.confidence, j.route, j.targetBefore, j.targetAfter, j.at);
    return row.id;
  });
}

/** The judge's verdict on a pair as annotators and the vote path see it: the newest AI judgment. */
export interface PairVerdictRow {
  judgmentId: number;
  choice: Choice;
  confidence: number;
  ordersAgree: boolean;
  route: Route;
  model: string;
  createdAt: number;
}

export function latestVerdictOfPair(db: Db, comparisonId: number): Promise<PairVerdictRow | undefined> {
  return onConnection(db, async () => {
    const row = await statement<[number], Omit<PairVerdictRow, "ordersAgree"> & { ordersAgree: number | boolean }>(
      db,
      `SELECT j.id AS "judgmentId", j.choice, v.confidence, v.orders_agree AS "ordersAgree", v.route, v.model, v.created_at AS "createdAt"
     FROM judgments j JOIN ai_verdicts v ON v.judgment_id = j.id
     WHERE j.comparison_id = ? AND j.source = 'ai' ORDER BY j.id DESC LIMIT 1`,
    ).get(comparisonId);
    return row ? { ...row, ordersAgree: row.ordersAgree === 1 || row.ordersAgree === true } : undefined;
  });
}

/** An AI judgment with its provenance and its pair, for the judge report. */
export interface AiVerdictRow {
  judgmentId: number;
  comparisonId: number;
  externalId: string;
  tags: string[];
  choice: Choice;
  rubricScores: Record<string, { a?: number; b?: number }>;
  rationale: string | null;
  confidence: number;
  ordersAgree: boolean;
  route: Route;
  targetBefore: number;
  targetAfter: number;
  model: string;
  promptVersion: string;
  createdAt: number;
}

/** Every AI judgment of one judge in a campaign (regular pairs). */
export function aiVerdictsOfJudge(db: Db, campaignId: number, judgeId: number): Promise<AiVerdictRow[]> {
  return onConnection(db, async () => {
    const rows = await statement<
      [number, number],
      Omit<AiVerdictRow, "tags" | "rubricScores" | "ordersAgree"> & { tags: string; rubricScores: string; ordersAgree: number | boolean }
    >(
      db,
      `SELECT j.id AS "judgmentId", j.comparison_id AS "comparisonId", x.external_id AS "externalId", x.tags, j.choice, j.rubric_scores AS "rubricScores",
            j.rationale, v.confidence, v.orders_agree AS "ordersAgree", v.route, v.target_before AS "targetBefore", v.target_after AS "targetAfter",
            v.model, v.prompt_version AS "promptVersion", v.created_at AS "createdAt"
     FROM judgments j JOIN ai_verdicts v ON v.judgment_id = j.id JOIN comparisons x ON x.id = j.comparison_id
     WHERE j.campaign_id = ? AND j.annotator_id = ? AND j.source = 'ai' AND x.kind = 'regular' ORDER BY j.comparison_id`,
    ).all(campaignId, judgeId);
    return rows.map((r) => ({
      ...r,
      tags: JSON.parse(r.tags) as string[],
      rubricScores: JSON.parse(r.rubricScores) as AiVerdictRow["rubricScores"],
      ordersAgree: r.ordersAgree === 1 || r.ordersAgree === true,
    }));
  });
}

/** The judges (model + prompt version) that scored pairs of a campaign, with how many, most first. */
export function judgesOfCampaign(db: Db, campaignId: number): Promise<{ judgeId: number; model: string; promptVersion: string; judgments: number }[]> {
  return onConnection(db, () => {
    return statement<[number], { judgeId: number; model: string; promptVersion: string; judgments: number }>(
      db,
      `SELECT a.id AS "judgeId", a.user_id AS model, a.workspace_id AS "promptVersion", count(*) AS judgments
     FROM judgments j JOIN annotators a ON a.id = j.annotator_id
     WHERE j.campaign_id = ? AND j.source = 'ai' GROUP BY a.id, a.user_id, a.workspace_id ORDER BY judgments DESC, a.id DESC`,
    ).all(campaignId);
  });
}

/** The id of the judge annotator for (model, prompt version), if it ever judged anything. */
export function findJudgeAnnotator(db: Db, judge: { model: string; promptVersion: string }): Promise<number | undefined> {
  return onConnection(db, async () => {
    const row = await statement<[string, string], { id: number }>(
      db,
      "SELECT id FROM annotators WHERE platform = 'ai' AND workspace_id = ? AND user_id = ?",
    ).get(judge.promptVersion, judge.model);
    return row?.id;
  });
}
