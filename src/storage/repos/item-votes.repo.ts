import type { Choice } from "../../domain/choice.js";
import { isSqlite, type Db } from "../database.js";
import { statement } from "../statement.js";
import { humanJudgment } from "../human-judgments.js";
import { streamRows } from "../stream-rows.js";
import { onConnection } from "../transaction.js";

/** One judgment of an item, with what the export filters look at. */
export interface ItemVoteRow {
  annotatorId: number;
  choice: Choice;
  confidence: number | null;
  createdAt: number;
  guidelineVersion: number | null;
  annotatorStatus: string;
  annotatorPlatform: string;
  /** Anomaly flags of this judgment (too_fast, straight_lining …); empty when none. */
  flags: string[];
  /** The AI judge's verdict (source `ai`), not a person's: exports leave it out unless --include-ai. */
  ai: boolean;
}

/** A regular item of a campaign with every judgment it has and the lead's final answer, if any. */
export interface ItemVotes {
  comparisonId: number;
  doneCount: number;
  targetOverlap: number;
  /** A resolved adjudication's final choice. */
  adjudicated: Choice | null;
  votes: ItemVoteRow[];
}

interface Raw {
  item: number;
  done_count: number;
  target_overlap: number;
  adjudicated: Choice | null;
  annotator_id: number | null;
  choice: Choice | null;
  confidence: number | null;
  created_at: number | null;
  guideline_version: number | null;
  annotator_status: string | null;
  annotator_platform: string | null;
  flags: string | null;
  source: string | null;
}

/**
 * Streams a campaign's regular items in id order, each with all its judgments (items without any
 * included), one item at a time: a million judgments pass in constant memory. The judgments of an
 * item come through the (comparison_id, annotator_id) index.
 */
export async function* itemsWithVotes(db: Db, campaignId: number): AsyncGenerator<ItemVotes> {
  const rows = streamRows<Raw>(
    db,
    `SELECT x.id AS item, x.done_count, x.target_overlap, d.final_choice AS adjudicated,
              j.annotator_id, j.choice, j.confidence, j.created_at, g.version AS guideline_version,
              a.status AS annotator_status, a.platform AS annotator_platform, j.source,
              (SELECT ${flagList(db)} FROM judgment_flags f WHERE f.judgment_id = j.id) AS flags
       FROM comparisons x
       LEFT JOIN adjudications d ON d.comparison_id = x.id AND d.status = 'resolved'
       LEFT JOIN judgments j ON j.comparison_id = x.id
       LEFT JOIN annotators a ON a.id = j.annotator_id
       LEFT JOIN guideline_versions g ON g.id = j.guideline_version_id
       WHERE x.campaign_id = ? AND x.kind = 'regular'
       ORDER BY x.id, j.annotator_id`,
    campaignId,
  );
  let current: ItemVotes | undefined;
  for await (const r of rows) {
    if (current?.comparisonId !== r.item) {
      if (current) yield current;
      current = { comparisonId: r.item, doneCount: r.done_count, targetOverlap: r.target_overlap, adjudicated: r.adjudicated, votes: [] };
    }
    if (r.annotator_id === null || r.choice === null) continue;
    current.votes.push({
      annotatorId: r.annotator_id,
      choice: r.choice,
      confidence: r.confidence,
      createdAt: r.created_at ?? 0,
      guidelineVersion: r.guideline_version,
      annotatorStatus: r.annotator_status ?? "new",
      annotatorPlatform: r.annotator_platform ?? "",
      flags: r.flags ? r.flags.split(",") : [],
      ai: r.source === "ai",
    });
  }
  if (current) yield current;
}

/**
 * A judgment's anomaly flags as one comma-separated text, in kind order on both databases (SQLite's
 * group_concat follows the (judgment_id, kind) index it reads them through; PostgreSQL's string_agg
 * is told). No portable aggregate exists for it, and splitting the flags into rows of their own
 * would multiply an export's rows.
 */
function flagList(db: Db): string {
  return isSqlite(db) ? "group_concat(f.kind)" : "string_agg(f.kind, ',' ORDER BY f.kind)";
}

/** One regular judgment as agreement statistics see it. */
export interface LabelingRow {
  annotator: number;
  item: number;
  label: Choice;
}

/**
 * Every regular judgment of a campaign (who, which item, what), for agreement and Dawid-Skene:
 * people's only, unless `includeAi` (an export with --include-ai counts each AI judge as one more
 * annotator).
 */
export function regularLabelings(db: Db, campaignId: number, options: { includeAi?: boolean } = {}): Promise<LabelingRow[]> {
  return onConnection(db, () => {
    return statement<[number], LabelingRow>(
      db,
      `SELECT j.annotator_id AS annotator, j.comparison_id AS item, j.choice AS label FROM judgments j JOIN comparisons x ON x.id = j.comparison_id WHERE j.campaign_id = ? AND x.kind = 'regular'${options.includeAi ? "" : ` AND ${humanJudgment("j")}`} ORDER BY j.id`,
    ).all(campaignId);
  });
}

/** How many judgments a campaign has, of every kind. */
export function countCampaignJudgments(db: Db, campaignId: number): Promise<number> {
  return onConnection(db, async () => {
    return (await statement<[number], { n: number }>(db, "SELECT count(*) AS n FROM judgments WHERE campaign_id = ?").get(campaignId))!.n;
  });
}
