import type { Choice, DisplayOrder } from "../../domain/choice.js";
import type { Db } from "../database.js";
import { statement } from "../statement.js";
import type { judgeAnswers } from "../schema/index.js";
import { onConnection } from "../transaction.js";

export type JudgeAnswerRow = typeof judgeAnswers.$inferSelect;
export type NewJudgeAnswer = Omit<JudgeAnswerRow, "id">;

interface RawAnswer {
  id: number;
  campaign_id: number;
  comparison_id: number;
  judge_id: number;
  run_id: number | null;
  display_order: DisplayOrder;
  choice: Choice;
  probability: number | null;
  explanation: string | null;
  rubric_scores: string;
  raw: string;
  via: "json" | "text";
  /** 0/1 on SQLite, a boolean on PostgreSQL. */
  structured: number | boolean;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  latency_ms: number;
  created_at: number;
}

const toRow = (r: RawAnswer): JudgeAnswerRow => ({
  id: r.id,
  campaignId: r.campaign_id,
  comparisonId: r.comparison_id,
  judgeId: r.judge_id,
  runId: r.run_id,
  displayOrder: r.display_order,
  choice: r.choice,
  probability: r.probability,
  explanation: r.explanation,
  rubricScores: r.rubric_scores,
  raw: r.raw,
  via: r.via,
  structured: r.structured === 1 || r.structured === true,
  promptTokens: r.prompt_tokens,
  completionTokens: r.completion_tokens,
  latencyMs: r.latency_ms,
  createdAt: new Date(r.created_at),
});

// Both run twice a pair in a prescore run: prepared once, not built by the query builder each time.

/** The answers a judge already gave on a pair (zero, one or both orders). */
export function answersOfPair(db: Db, comparisonId: number, judgeId: number): Promise<JudgeAnswerRow[]> {
  return onConnection(db, async () => {
    const rows = await statement<[number, number], RawAnswer>(
      db,
      "SELECT * FROM judge_answers WHERE comparison_id = ? AND judge_id = ? ORDER BY display_order",
    ).all(comparisonId, judgeId);
    return rows.map(toRow);
  });
}

/** The columns of one answer, in the order `insertJudgeAnswer` binds them. */
type AnswerParams = [
  campaignId: number,
  comparisonId: number,
  judgeId: number,
  runId: number | null,
  displayOrder: DisplayOrder,
  choice: Choice,
  probability: number | null,
  explanation: string | null,
  rubricScores: string,
  raw: string,
  via: "json" | "text",
  promptTokens: number | null,
  completionTokens: number | null,
  latencyMs: number,
  createdAt: number,
];

/** Stores one answer; false when that order of that pair was already answered (another run got there first). */
export function insertJudgeAnswer(db: Db, a: NewJudgeAnswer): Promise<boolean> {
  return onConnection(db, async () => {
    // `structured` as a literal: 0/1 on SQLite, a boolean on PostgreSQL, TRUE/FALSE on both.
    return (
      (await statement<AnswerParams>(
        db,
        `INSERT INTO judge_answers (campaign_id, comparison_id, judge_id, run_id, display_order, choice, probability, explanation, rubric_scores, raw, via, structured,
         prompt_tokens, completion_tokens, latency_ms, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ${a.structured ? "TRUE" : "FALSE"}, ?, ?, ?, ?) ON CONFLICT (comparison_id, judge_id, display_order) DO NOTHING`,
      ).run(
        a.campaignId,
        a.comparisonId,
        a.judgeId,
        a.runId,
        a.displayOrder,
        a.choice,
        a.probability,
        a.explanation,
        a.rubricScores,
        a.raw,
        a.via,
        a.promptTokens,
        a.completionTokens,
        a.latencyMs,
        a.createdAt.getTime(),
      )) === 1
    );
  });
}
