import type { Choice, DisplayOrder } from "../../domain/choice.js";
import { isSqlite, type Db } from "../database.js";
import { latestGuidelineVersion } from "./campaigns.repo.js";
import { humanJudgment } from "../human-judgments.js";
import { statement, type Statement } from "../statement.js";
import type { JudgeShowMode } from "../../domain/ai-judge/settings.js";
import type { Difficulty } from "../../domain/campaign-settings.js";
import type { ComparisonKind } from "../../domain/comparison.js";
import { onConnection } from "../transaction.js";

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
  difficulty: Difficulty | null;
  flags: string[];
  rubricScores: Record<string, { a?: number; b?: number }>;
  source: "platform" | "import" | "ai";
  /** What the annotator could see of the AI judge's verdict when voting (the campaign's aiJudge.show), null without a judge. */
  aiShown: JudgeShowMode | null;
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
  ai_shown: JudgeShowMode | null;
  revision: number;
  created_at: number;
  updated_at: number;
}

const toJudgment = (r: RawJudgment): JudgmentRecord => ({
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
  aiShown: r.ai_shown,
  revision: r.revision,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The named parameters of a revision (`update`); flags and rubric scores as their stored JSON. */
interface RevisionParams {
  id: number;
  choice: Choice;
  rationale: string | null;
  confidence: number | null;
  difficulty: Difficulty | null;
  flags: string;
  rubricScores: string;
  at: number;
}

interface Statements {
  byAssignment: Statement<[comparisonId: number, annotatorId: number], RawJudgment>;
  insert: Statement<[NewJudgment], RawJudgment>;
  history: Statement<[changedAt: number, judgmentId: number]>;
  update: Statement<[RevisionParams], RawJudgment>;
}
const cache = new WeakMap<Db, Statements>();
function statements(db: Db): Statements {
  let s = cache.get(db);
  if (!s) {
    s = {
      byAssignment: statement<[number, number], RawJudgment>(db, "SELECT * FROM judgments WHERE comparison_id = ? AND annotator_id = ?"),
      insert: statement<[NewJudgment], RawJudgment>(
        db,
        `INSERT INTO judgments (campaign_id, comparison_id, annotator_id, assignment_id, guideline_version_id, kind, choice,
           display_order, time_taken_ms, source, ai_shown, created_at, updated_at)
         VALUES (@campaignId, @comparisonId, @annotatorId, @assignmentId, @guidelineVersionId, @kind, @choice,
           @displayOrder, @timeTakenMs, @source, @aiShown, @at, @at) RETURNING *`,
      ),
      // CAST: PostgreSQL cannot tell a parameter's type from a select list.
      history: statement<[number, number]>(
        db,
        `INSERT INTO judgment_history (judgment_id, revision, choice, rationale, confidence, difficulty, flags, rubric_scores, changed_at)
         SELECT id, revision, choice, rationale, confidence, difficulty, flags, rubric_scores, CAST(? AS bigint) FROM judgments WHERE id = ?`,
      ),
      update: statement<[RevisionParams], RawJudgment>(
        db,
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
export function findJudgmentByAssignment(db: Db, assignment: { comparisonId: number; annotatorId: number }): Promise<JudgmentRecord | undefined> {
  return onConnection(db, async () => {
    const raw = await statements(db).byAssignment.get(assignment.comparisonId, assignment.annotatorId);
    return raw ? toJudgment(raw) : undefined;
  });
}

export interface NewJudgment {
  campaignId: number;
  comparisonId: number;
  annotatorId: number;
  assignmentId: number | null;
  guidelineVersionId: number | null;
  /** The comparison's kind (regular, gold, calibration). */
  kind: ComparisonKind;
  choice: Choice;
  displayOrder: DisplayOrder | null;
  timeTakenMs: number | null;
  source: "platform" | "import";
  /** The campaign's aiJudge.show when the vote was cast (null when it has no AI judge). */
  aiShown: JudgeShowMode | null;
  at: number;
}

export function insertJudgment(db: Db, j: NewJudgment): Promise<JudgmentRecord> {
  return onConnection(db, async () => toJudgment((await statements(db).insert.get(j))!));
}

/**
 * {@link insertJudgment} under the campaign's newest guideline version (none: null), as a vote is
 * recorded. SQLite: the version's read, then the insert; PostgreSQL: one statement, the version
 * read by a subquery of the insert.
 */
export async function insertJudgmentUnderLatestGuideline(db: Db, j: Omit<NewJudgment, "guidelineVersionId">): Promise<JudgmentRecord> {
  if (isSqlite(db)) return insertJudgment(db, { ...j, guidelineVersionId: (await latestGuidelineVersion(db, j.campaignId))?.id ?? null });
  return onConnection(db, async () => {
    const raw = await statement<[Omit<NewJudgment, "guidelineVersionId">], RawJudgment>(
      db,
      `INSERT INTO judgments (campaign_id, comparison_id, annotator_id, assignment_id, guideline_version_id, kind, choice,
         display_order, time_taken_ms, source, ai_shown, created_at, updated_at)
       VALUES (@campaignId, @comparisonId, @annotatorId, @assignmentId,
         (SELECT g.id FROM guideline_versions g WHERE g.campaign_id = @campaignId ORDER BY g.version DESC LIMIT 1), @kind, @choice,
         @displayOrder, @timeTakenMs, @source, @aiShown, @at, @at) RETURNING *`,
    ).get(j);
    return toJudgment(raw!);
  });
}

/** Writes a new revision of a judgment, keeping the previous one in judgment_history. */
export function reviseJudgment(
  db: Db,
  current: JudgmentRecord,
  next: Pick<JudgmentRecord, "choice" | "rationale" | "confidence" | "difficulty" | "flags" | "rubricScores">,
  at: number,
): Promise<JudgmentRecord> {
  return onConnection(db, async () => {
    const s = statements(db);
    await s.history.run(at, current.id);
    const raw = await s.update.get({
      id: current.id,
      choice: next.choice,
      rationale: next.rationale,
      confidence: next.confidence,
      difficulty: next.difficulty,
      flags: JSON.stringify(next.flags),
      rubricScores: JSON.stringify(next.rubricScores),
      at,
    });
    return toJudgment(raw!);
  });
}

/** A person's vote on a regular item, as the judge report compares it with the AI judge. */
export interface HumanVoteRow {
  judgmentId: number;
  comparisonId: number;
  annotatorId: number;
  choice: Choice;
  rubricScores: Record<string, { a?: number; b?: number }>;
  aiShown: JudgeShowMode | null;
  /** When the card was shown (null for imported judgments). */
  shownAt: number | null;
  createdAt: number;
}

/** Every human vote on the campaign's regular items, by item then in the order cast. The AI judge's are left out by name. */
export function humanVotesOfCampaign(db: Db, campaignId: number): Promise<HumanVoteRow[]> {
  return onConnection(db, async () => {
    const rows = await statement<[number], Omit<HumanVoteRow, "rubricScores"> & { rubricScores: string }>(
      db,
      `SELECT j.id AS "judgmentId", j.comparison_id AS "comparisonId", j.annotator_id AS "annotatorId", j.choice, j.rubric_scores AS "rubricScores",
            j.ai_shown AS "aiShown", a.shown_at AS "shownAt", j.created_at AS "createdAt"
     FROM judgments j JOIN comparisons x ON x.id = j.comparison_id LEFT JOIN assignments a ON a.id = j.assignment_id
     WHERE j.campaign_id = ? AND x.kind = 'regular' AND ${humanJudgment("j")} ORDER BY j.comparison_id, j.id`,
    ).all(campaignId);
    return rows.map((r) => ({ ...r, rubricScores: JSON.parse(r.rubricScores) as HumanVoteRow["rubricScores"] }));
  });
}

/** A judgment between two named models: the battle a leaderboard counts. */
export interface ModelBattleRow {
  comparisonId: number;
  modelA: string;
  modelB: string;
  choice: Choice;
}

/** Every human judgment of the campaign's regular items that name two different models, in judgment order (the AI judge's are left out by name). */
export function modelBattles(db: Db, campaignId: number): Promise<ModelBattleRow[]> {
  return onConnection(db, () => {
    return statement<[number], ModelBattleRow>(
      db,
      `SELECT j.comparison_id AS "comparisonId", x.model_a AS "modelA", x.model_b AS "modelB", j.choice AS choice
         FROM judgments j JOIN comparisons x ON x.id = j.comparison_id
        WHERE j.campaign_id = ? AND x.kind = 'regular' AND x.model_a IS NOT NULL AND x.model_b IS NOT NULL AND x.model_a <> x.model_b AND ${humanJudgment("j")}
        ORDER BY j.id`,
    ).all(campaignId);
  });
}

// ---- Votes on a channel post (services/channel-vote.ts): one person's choice, and the split so far ----

/** The choice this person has on record for the item, if any (stored terms). */
export function choiceOf(db: Db, comparisonId: number, annotatorId: number): Promise<Choice | undefined> {
  return onConnection(db, async () => {
    return (
      await statement<[number, number], { choice: Choice }>(db, "SELECT choice FROM judgments WHERE comparison_id = ? AND annotator_id = ?").get(
        comparisonId,
        annotatorId,
      )
    )?.choice;
  });
}

/** How many people chose each answer on the item (choices nobody chose are absent). The AI judge's verdict is left out by name. */
export function humanChoiceCounts(db: Db, comparisonId: number): Promise<{ choice: Choice; n: number }[]> {
  return onConnection(db, () => {
    return statement<[number], { choice: Choice; n: number }>(
      db,
      `SELECT choice, count(*) AS n FROM judgments WHERE comparison_id = ? AND ${humanJudgment()} GROUP BY choice ORDER BY choice`,
    ).all(comparisonId);
  });
}
