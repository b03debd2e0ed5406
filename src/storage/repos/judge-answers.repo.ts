import { and, eq } from "drizzle-orm";
import type { Choice, DisplayOrder } from "../../domain/choice.js";
import type { Db } from "../database.js";
import { prepared } from "../prepared.js";
import { judgeAnswers } from "../schema/index.js";

export type JudgeAnswerRow = typeof judgeAnswers.$inferSelect;
export type NewJudgeAnswer = typeof judgeAnswers.$inferInsert;

/** The answers a judge already gave on a pair (zero, one or both orders). */
export function answersOfPair(db: Db, comparisonId: number, judgeId: number): JudgeAnswerRow[] {
  return db.select().from(judgeAnswers).where(and(eq(judgeAnswers.comparisonId, comparisonId), eq(judgeAnswers.judgeId, judgeId))).all();
}

/** Stores one answer; false when that order of that pair was already answered (another run got there first). */
export function insertJudgeAnswer(db: Db, answer: NewJudgeAnswer): boolean {
  return db.insert(judgeAnswers).values(answer).onConflictDoNothing().run().changes === 1;
}

/** One order's answer as the raw export and the reports show it. */
export interface AnswerProvenance {
  comparisonId: number;
  displayOrder: DisplayOrder;
  choice: Choice;
  probability: number | null;
  explanation: string | null;
  raw: string;
  via: "json" | "text";
  structured: boolean;
  promptTokens: number | null;
  completionTokens: number | null;
}

/** Every answer of one judge in a campaign, by comparison id. */
export function answersOfJudge(db: Db, campaignId: number, judgeId: number): Map<number, AnswerProvenance[]> {
  const rows = prepared(
    db,
    `SELECT comparison_id AS comparisonId, display_order AS displayOrder, choice, probability, explanation, raw, via, structured,
            prompt_tokens AS promptTokens, completion_tokens AS completionTokens
     FROM judge_answers WHERE campaign_id = ? AND judge_id = ? ORDER BY comparison_id, display_order`,
  ).all(campaignId, judgeId) as (Omit<AnswerProvenance, "structured"> & { structured: number })[];
  const out = new Map<number, AnswerProvenance[]>();
  for (const r of rows) {
    const list = out.get(r.comparisonId) ?? [];
    list.push({ ...r, structured: r.structured === 1 });
    out.set(r.comparisonId, list);
  }
  return out;
}
