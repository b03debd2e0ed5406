import { annotatorNamer } from "../../io/export/annotator-name.js";
import { PairwiseError } from "../../errors.js";
import { prepared } from "../../storage/prepared.js";
import type { ServiceContext } from "../context.js";
import { requireCampaign } from "../find-campaign.js";
import type { Choice } from "../../domain/choice.js";

/** One judgment as the API gives it. `id` only grows: it is the cursor. */
export interface JudgmentView {
  id: number;
  item_id: string;
  annotator: string;
  choice: Choice;
  source: "platform" | "import" | "ai";
  rationale: string | null;
  confidence: number | null;
  difficulty: string | null;
  display_order: "ab" | "ba" | null;
  time_taken_ms: number | null;
  guideline_version: number | null;
  revision: number;
  created_at: string;
  updated_at: string;
}

/**
 * Judgments of a campaign in id order, after `after` (the cursor: the last id a client saw) and
 * made at or after `since`. Ids are given out inside the write transaction and writers take turns,
 * so a judgment with a smaller id is always committed before one with a larger id is visible:
 * paging by id returns each judgment exactly once, however many votes arrive meanwhile.
 * Annotators are pseudonyms, as in exports.
 */
export function* judgmentsAfter(ctx: ServiceContext, input: { campaign: string; after?: number; since?: Date; limit?: number }): Generator<JudgmentView> {
  const campaign = requireCampaign(ctx, input.campaign);
  const limit = input.limit ?? Number.MAX_SAFE_INTEGER;
  if (!Number.isInteger(limit) || limit < 1) throw new PairwiseError("VALIDATION", `limit must be a whole number from 1, got ${limit}.`);
  const name = annotatorNamer(ctx.db);
  const page = prepared(
    ctx.db,
    `SELECT j.id, x.external_id AS itemId, a.platform, a.workspace_id AS workspaceId, a.user_id AS userId, j.choice, j.source, j.rationale, j.confidence, j.difficulty,
            j.display_order AS displayOrder, j.time_taken_ms AS timeTakenMs, g.version AS guidelineVersion, j.revision, j.created_at AS createdAt, j.updated_at AS updatedAt
     FROM judgments j JOIN comparisons x ON x.id = j.comparison_id JOIN annotators a ON a.id = j.annotator_id LEFT JOIN guideline_versions g ON g.id = j.guideline_version_id
     WHERE j.id > ? AND j.campaign_id = ? AND j.created_at >= ? ORDER BY j.id LIMIT ?`,
  );
  let cursor = input.after ?? 0;
  let left = limit;
  const since = input.since?.getTime() ?? 0;
  while (left > 0) {
    const rows = page.all(cursor, campaign.id, since, Math.min(left, 1000)) as Record<string, unknown>[];
    if (rows.length === 0) return;
    for (const r of rows) {
      yield {
        id: r.id as number,
        item_id: r.itemId as string,
        annotator: name({ platform: r.platform as string, workspaceId: r.workspaceId as string, userId: r.userId as string }),
        choice: r.choice as JudgmentView["choice"],
        source: r.source as JudgmentView["source"],
        rationale: r.rationale as string | null,
        confidence: r.confidence as number | null,
        difficulty: r.difficulty as string | null,
        display_order: r.displayOrder as JudgmentView["display_order"],
        time_taken_ms: r.timeTakenMs as number | null,
        guideline_version: r.guidelineVersion as number | null,
        revision: r.revision as number,
        created_at: new Date(r.createdAt as number).toISOString(),
        updated_at: new Date(r.updatedAt as number).toISOString(),
      };
    }
    cursor = rows[rows.length - 1]!.id as number;
    left -= rows.length;
  }
}
