import type { Choice } from "../../domain/choice.js";
import { isSqlite, type Db } from "../database.js";
import { streamRows } from "../stream-rows.js";

/** Which judgments a raw read takes: dates, guideline version, qualified annotators only. */
export interface JudgmentScope {
  since?: Date;
  until?: Date;
  guidelineVersion?: number;
  qualifiedOnly?: boolean;
}

/** A judgment row joined with its item, annotator and guideline version; JSON columns still encoded. */
export interface RawJudgmentRow {
  id: number;
  campaign_name: string;
  external_id: string;
  item_kind: string;
  prompt: string;
  response_a: string;
  response_b: string;
  model_a: string | null;
  model_b: string | null;
  tags: string;
  metadata: string;
  gold_answer: Choice | null;
  gold_explanation: string | null;
  platform: string;
  workspace_id: string;
  user_id: string;
  guideline_version: number | null;
  choice: Choice;
  display_order: "ab" | "ba" | null;
  time_taken_ms: number | null;
  rationale: string | null;
  confidence: number | null;
  difficulty: string | null;
  /** The annotator's own flags, a JSON array of names. */
  flags: string;
  /** The anomaly flags with their details, a JSON array of `{kind, detail}`. */
  quality_flags: string;
  rubric_scores: string;
  source: string;
  revision: number;
  created_at: number;
  updated_at: number;
  /** The campaign's aiJudge.show when a person voted; null otherwise. */
  ai_shown: string | null;
  /** For the AI judge's verdicts (source `ai`): their provenance; null for people. */
  ai_model: string | null;
  ai_prompt_version: string | null;
  ai_confidence: number | null;
  ai_orders_agree: number | null;
  ai_route: string | null;
  ai_target_before: number | null;
  ai_target_after: number | null;
  comparison_id: number;
  annotator_id: number;
}

/**
 * A judgment's anomaly flags as a JSON array of `{kind, detail}`, in kind order: SQLite's
 * json_group_array follows the (judgment_id, kind) index it reads them through, PostgreSQL's
 * json_agg is told. The reader parses it, so the two texts need not be byte for byte alike.
 */
function qualityFlagsJson(db: Db): string {
  return isSqlite(db)
    ? "(SELECT json_group_array(json_object('kind', fl.kind, 'detail', fl.detail)) FROM judgment_flags fl WHERE fl.judgment_id = j.id)"
    : "(SELECT CAST(COALESCE(json_agg(json_build_object('kind', fl.kind, 'detail', fl.detail) ORDER BY fl.kind), '[]') AS text) FROM judgment_flags fl WHERE fl.judgment_id = j.id)";
}

/** Streams a campaign's judgments in the scope, oldest first, one row at a time. */
export function rawJudgmentRows(db: Db, campaignId: number, scope: JudgmentScope): AsyncGenerator<RawJudgmentRow> {
  // orders_agree through CASE: 0/1 on SQLite, a boolean on PostgreSQL, 0/1 (or null) read from both.
  // CAST: PostgreSQL cannot tell the type of a parameter only compared with NULL.
  return streamRows<RawJudgmentRow>(
    db,
    `SELECT j.*, c.name AS campaign_name, x.external_id, x.kind AS item_kind, x.prompt, x.response_a, x.response_b, x.model_a, x.model_b,
              x.tags, x.metadata, x.gold_answer, x.gold_explanation, a.platform, a.workspace_id, a.user_id, g.version AS guideline_version,
              ${qualityFlagsJson(db)} AS quality_flags,
              v.model AS ai_model, v.prompt_version AS ai_prompt_version, v.confidence AS ai_confidence,
              CASE WHEN v.orders_agree THEN 1 WHEN NOT v.orders_agree THEN 0 END AS ai_orders_agree,
              v.route AS ai_route, v.target_before AS ai_target_before, v.target_after AS ai_target_after
       FROM judgments j
       JOIN campaigns c ON c.id = j.campaign_id
       JOIN comparisons x ON x.id = j.comparison_id
       JOIN annotators a ON a.id = j.annotator_id
       LEFT JOIN guideline_versions g ON g.id = j.guideline_version_id
       LEFT JOIN ai_verdicts v ON v.judgment_id = j.id
       WHERE j.campaign_id = @campaign AND (CAST(@since AS BIGINT) IS NULL OR j.created_at >= @since) AND (CAST(@until AS BIGINT) IS NULL OR j.created_at < @until)
         AND (CAST(@version AS BIGINT) IS NULL OR g.version = @version) AND (@qualified = 0 OR a.status = 'qualified' OR a.platform IN ('external', 'ai'))
       ORDER BY j.id`,
    {
      campaign: campaignId,
      since: scope.since?.getTime() ?? null,
      until: scope.until?.getTime() ?? null,
      version: scope.guidelineVersion ?? null,
      qualified: scope.qualifiedOnly ? 1 : 0,
    },
  );
}
