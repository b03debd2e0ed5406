import type { Statement } from "better-sqlite3";
import type { ChatTurn, ComparisonKind, GoldReference } from "../../domain/comparison.js";
import type { Choice } from "../../domain/choice.js";
import type { Db } from "../database.js";
import { prepared } from "../prepared.js";

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

interface RawComparison {
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
  full: number;
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
  full: r.full === 1,
});

const cache = new WeakMap<Db, { byId: Statement; addDone: Statement }>();
function statements(db: Db) {
  let s = cache.get(db);
  if (!s) {
    s = {
      byId: db.$client.prepare("SELECT * FROM comparisons WHERE id = ?"),
      addDone: db.$client.prepare("UPDATE comparisons SET done_count = done_count + ? WHERE id = ?"),
    };
    cache.set(db, s);
  }
  return s;
}

export function findComparison(db: Db, id: number): ComparisonRecord | undefined {
  const raw = statements(db).byId.get(id) as RawComparison | undefined;
  return raw ? toComparison(raw) : undefined;
}

export function addDoneCount(db: Db, comparisonId: number, delta: number): void {
  statements(db).addDone.run(delta, comparisonId);
}

/**
 * Sets how many human judgments a regular item wants (AI routing), keeping `full` in step with
 * its open and done assignments, as the assignment scan expects.
 */
export function setTargetOverlap(db: Db, comparisonId: number, target: number): void {
  prepared(db, "UPDATE comparisons SET target_overlap = @target, full = CASE WHEN kind = 'regular' AND active_count >= @target THEN 1 ELSE 0 END WHERE id = @id").run({ id: comparisonId, target });
}
