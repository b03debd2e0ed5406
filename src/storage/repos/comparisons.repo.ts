import type { ChatTurn, ComparisonKind, GoldReference } from "../../domain/comparison.js";
import type { Choice } from "../../domain/choice.js";
import type { Db } from "../database.js";
import { statement, type Statement } from "../statement.js";
import { onConnection } from "../transaction.js";

/** A comparison as the services use it, JSON columns decoded. */
export interface ComparisonRecord {
  id: number;
  campaignId: number;
  externalId: string;
  prompt: ChatTurn[];
  responseA: string;
  responseB: string;
  modelA: string | null;
  modelB: string | null;
  tags: string[];
  metadata: Record<string, unknown>;
  kind: ComparisonKind;
  gold: GoldReference | null;
  targetOverlap: number;
  activeCount: number;
  doneCount: number;
  full: boolean;
}

/** A comparisons row as the driver gives it. */
export interface RawComparison {
  id: number;
  campaign_id: number;
  external_id: string;
  prompt: string;
  response_a: string;
  response_b: string;
  model_a: string | null;
  model_b: string | null;
  tags: string;
  metadata: string;
  kind: ComparisonKind;
  gold_answer: Choice | null;
  gold_explanation: string | null;
  target_overlap: number;
  active_count: number;
  done_count: number;
  /** 0/1 on SQLite, a boolean on PostgreSQL. */
  full: number | boolean;
}

export const toComparison = (r: RawComparison): ComparisonRecord => ({
  id: r.id,
  campaignId: r.campaign_id,
  externalId: r.external_id,
  prompt: JSON.parse(r.prompt) as ChatTurn[],
  responseA: r.response_a,
  responseB: r.response_b,
  modelA: r.model_a,
  modelB: r.model_b,
  tags: JSON.parse(r.tags) as string[],
  metadata: JSON.parse(r.metadata) as Record<string, unknown>,
  kind: r.kind,
  gold: r.gold_answer ? { answer: r.gold_answer, explanation: r.gold_explanation ?? "" } : null,
  targetOverlap: r.target_overlap,
  activeCount: r.active_count,
  doneCount: r.done_count,
  full: r.full === 1 || r.full === true,
});

interface Statements {
  byId: Statement<[id: number], RawComparison>;
  addDone: Statement<[delta: number, id: number]>;
  setTarget: Statement<[{ id: number; target: number }]>;
}
const cache = new WeakMap<Db, Statements>();
function statements(db: Db): Statements {
  let s = cache.get(db);
  if (!s) {
    s = {
      byId: statement<[number], RawComparison>(db, "SELECT * FROM comparisons WHERE id = ?"),
      addDone: statement<[number, number]>(db, "UPDATE comparisons SET done_count = done_count + ? WHERE id = ?"),
      setTarget: statement<[{ id: number; target: number }]>(
        db,
        `UPDATE comparisons SET target_overlap = @target, "full" = CASE WHEN kind = 'regular' AND active_count >= @target THEN TRUE ELSE FALSE END WHERE id = @id`,
      ),
    };
    cache.set(db, s);
  }
  return s;
}

export function findComparison(db: Db, id: number): Promise<ComparisonRecord | undefined> {
  return onConnection(db, async () => {
    const raw = await statements(db).byId.get(id);
    return raw ? toComparison(raw) : undefined;
  });
}

export function addDoneCount(db: Db, comparisonId: number, delta: number): Promise<void> {
  return onConnection(db, async () => {
    await statements(db).addDone.run(delta, comparisonId);
  });
}

/**
 * Sets how many human judgments a regular item wants (AI routing), keeping `full` in step with
 * its open and done assignments, as the assignment scan expects.
 */
export function setTargetOverlap(db: Db, comparisonId: number, target: number): Promise<void> {
  return onConnection(db, async () => {
    await statements(db).setTarget.run({ id: comparisonId, target });
  });
}

/** The two responses of an item, for measuring their style. */
export interface ResponsePairRow {
  id: number;
  responseA: string;
  responseB: string;
}

/** The responses of the campaign's judged regular items that name two different models. */
export function judgedModelResponses(db: Db, campaignId: number): Promise<ResponsePairRow[]> {
  return onConnection(db, () => {
    return statement<[number], ResponsePairRow>(
      db,
      `SELECT x.id AS id, x.response_a AS "responseA", x.response_b AS "responseB" FROM comparisons x
        WHERE x.campaign_id = ? AND x.kind = 'regular' AND x.done_count > 0 AND x.model_a IS NOT NULL AND x.model_b IS NOT NULL AND x.model_a <> x.model_b
        ORDER BY x.id`,
    ).all(campaignId);
  });
}

/** A comparison made by the bot itself (a bake-off's pair), not imported. */
export interface NewComparison {
  campaignId: number;
  externalId: string;
  prompt: ChatTurn[];
  responseA: string;
  responseB: string;
  modelA: string;
  modelB: string;
  metadata: Record<string, unknown>;
  targetOverlap: number;
  createdAt: Date;
}

export function insertComparison(db: Db, c: NewComparison): Promise<ComparisonRecord> {
  return onConnection(db, async () => {
    const raw = await statement<[number, string, string, string, string, string, string, string, number, number], RawComparison>(
      db,
      `INSERT INTO comparisons (campaign_id, external_id, prompt, response_a, response_b, model_a, model_b, metadata, kind, target_overlap, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'regular', ?, ?) RETURNING *`,
    ).get(
      c.campaignId,
      c.externalId,
      JSON.stringify(c.prompt),
      c.responseA,
      c.responseB,
      c.modelA,
      c.modelB,
      JSON.stringify(c.metadata),
      c.targetOverlap,
      c.createdAt.getTime(),
    );
    return toComparison(raw!);
  });
}
