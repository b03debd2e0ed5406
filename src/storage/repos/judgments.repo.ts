import type { Statement } from "better-sqlite3";
import type { Choice, DisplayOrder } from "../../domain/choice.js";
import type { Db } from "../database.js";

export interface JudgmentRecord {
  id: number;
  campaignId: number;
  comparisonId: number;
  annotatorId: number;
  assignmentId: number | null;
  guidelineVersionId: number | null;
  choice: Choice;
  displayOrder: DisplayOrder | null;
  timeTakenMs: number | null;
  rationale: string | null;
  confidence: number | null;
  difficulty: "easy" | "moderate" | "ambiguous" | null;
  flags: string[];
  rubricScores: Record<string, { a?: number; b?: number }>;
  source: "platform" | "import";
  revision: number;
  createdAt: number;
  updatedAt: number;
}

interface RawJudgment {
  id: number;
  campaign_id: number;
  comparison_id: number;
  annotator_id: number;
  assignment_id: number | null;
  guideline_version_id: number | null;
  choice: Choice;
  display_order: DisplayOrder | null;
  time_taken_ms: number | null;
  rationale: string | null;
  confidence: number | null;
  difficulty: JudgmentRecord["difficulty"];
  flags: string;
  rubric_scores: string;
  source: JudgmentRecord["source"];
  revision: number;
  created_at: number;
  updated_at: number;
}

export const toJudgment = (r: RawJudgment): JudgmentRecord => ({
  id: r.id,
  campaignId: r.campaign_id,
  comparisonId: r.comparison_id,
  annotatorId: r.annotator_id,
  assignmentId: r.assignment_id,
  guidelineVersionId: r.guideline_version_id,
  choice: r.choice,
  displayOrder: r.display_order,
  timeTakenMs: r.time_taken_ms,
  rationale: r.rationale,
  confidence: r.confidence,
  difficulty: r.difficulty,
  flags: JSON.parse(r.flags) as string[],
  rubricScores: JSON.parse(r.rubric_scores) as JudgmentRecord["rubricScores"],
  source: r.source,
  revision: r.revision,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

interface Statements {
  byAssignment: Statement;
  insert: Statement;
  history: Statement;
  update: Statement;
}
const cache = new WeakMap<Db, Statements>();
function statements(db: Db): Statements {
  let s = cache.get(db);
  if (!s) {
    const c = db.$client;
    s = {
      byAssignment: c.prepare("SELECT * FROM judgments WHERE comparison_id = ? AND annotator_id = ?"),
      insert: c.prepare(
        `INSERT INTO judgments (campaign_id, comparison_id, annotator_id, assignment_id, guideline_version_id, kind, choice,
           display_order, time_taken_ms, source, created_at, updated_at)
         VALUES (@campaignId, @comparisonId, @annotatorId, @assignmentId, @guidelineVersionId, @kind, @choice,
           @displayOrder, @timeTakenMs, @source, @at, @at) RETURNING *`,
      ),
      history: c.prepare(
        `INSERT INTO judgment_history (judgment_id, revision, choice, rationale, confidence, difficulty, flags, rubric_scores, changed_at)
         SELECT id, revision, choice, rationale, confidence, difficulty, flags, rubric_scores, ? FROM judgments WHERE id = ?`,
      ),
      update: c.prepare(
        `UPDATE judgments SET choice = @choice, rationale = @rationale, confidence = @confidence, difficulty = @difficulty,
           flags = @flags, rubric_scores = @rubricScores, revision = revision + 1, updated_at = @at
         WHERE id = @id RETURNING *`,
      ),
    };
    cache.set(db, s);
  }
  return s;
}

/** The judgment made on an assignment: found by (item, person), which an assignment names uniquely. */
export function findJudgmentByAssignment(db: Db, assignment: { comparisonId: number; annotatorId: number }): JudgmentRecord | undefined {
  const raw = statements(db).byAssignment.get(assignment.comparisonId, assignment.annotatorId) as RawJudgment | undefined;
  return raw ? toJudgment(raw) : undefined;
}

export interface NewJudgment {
  campaignId: number;
  comparisonId: number;
  annotatorId: number;
  assignmentId: number | null;
  guidelineVersionId: number | null;
  /** The comparison's kind (regular, gold, calibration). */
  kind: "regular" | "gold" | "calibration";
  choice: Choice;
  displayOrder: DisplayOrder | null;
  timeTakenMs: number | null;
  source: "platform" | "import";
  at: number;
}

export function insertJudgment(db: Db, j: NewJudgment): JudgmentRecord {
  return toJudgment(statements(db).insert.get(j) as RawJudgment);
}

/** Writes a new revision of a judgment, keeping the previous one in judgment_history. */
export function reviseJudgment(
  db: Db,
  current: JudgmentRecord,
  next: Pick<JudgmentRecord, "choice" | "rationale" | "confidence" | "difficulty" | "flags" | "rubricScores">,
  at: number,
): JudgmentRecord {
  const s = statements(db);
  s.history.run(at, current.id);
  const raw = s.update.get({
    id: current.id,
    choice: next.choice,
    rationale: next.rationale,
    confidence: next.confidence,
    difficulty: next.difficulty,
    flags: JSON.stringify(next.flags),
    rubricScores: JSON.stringify(next.rubricScores),
    at,
  }) as RawJudgment;
  return toJudgment(raw);
}

/** A judgment between two named models: the battle a leaderboard counts. */
export interface ModelBattleRow {
  comparisonId: number;
  modelA: string;
  modelB: string;
  choice: Choice;
}

/** Every judgment of the campaign's regular items that name two different models, in judgment order. */
export function modelBattles(db: Db, campaignId: number): ModelBattleRow[] {
  return db.$client
    .prepare(
      `SELECT j.comparison_id AS comparisonId, x.model_a AS modelA, x.model_b AS modelB, j.choice AS choice
         FROM judgments j JOIN comparisons x ON x.id = j.comparison_id
        WHERE j.campaign_id = ? AND x.kind = 'regular' AND x.model_a IS NOT NULL AND x.model_b IS NOT NULL AND x.model_a <> x.model_b
        ORDER BY j.id`,
    )
    .all(campaignId) as ModelBattleRow[];
}
