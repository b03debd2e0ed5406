import { annotatorNamer } from "../../io/export/annotator-name.js";
import { PairwiseError } from "../../errors.js";
import { judgmentPage } from "../../storage/repos/judgment-pages.repo.js";
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
export async function judgmentsAfter(ctx: ServiceContext, input: { campaign: string; after?: number; since?: Date; limit?: number }): Promise<JudgmentView[]> {
  const campaign = await requireCampaign(ctx, input.campaign);
  const limit = input.limit ?? Number.MAX_SAFE_INTEGER;
  if (!Number.isInteger(limit) || limit < 1) throw new PairwiseError("VALIDATION", `limit must be a whole number from 1, got ${limit}.`);
  const name = await annotatorNamer(ctx.db);
  let cursor = input.after ?? 0;
  let left = limit;
  const since = input.since?.getTime() ?? 0;
  const out: JudgmentView[] = [];
  while (left > 0) {
    const rows = await judgmentPage(ctx.db, { campaignId: campaign.id, after: cursor, since, limit: Math.min(left, 1000) });
    if (rows.length === 0) break;
    for (const r of rows) {
      out.push({
        id: r.id,
        item_id: r.itemId,
        annotator: name(r),
        choice: r.choice,
        source: r.source,
        rationale: r.rationale,
        confidence: r.confidence,
        difficulty: r.difficulty,
        display_order: r.displayOrder,
        time_taken_ms: r.timeTakenMs,
        guideline_version: r.guidelineVersion,
        revision: r.revision,
        created_at: new Date(r.createdAt).toISOString(),
        updated_at: new Date(r.updatedAt).toISOString(),
      });
    }
    cursor = rows[rows.length - 1]!.id;
    left -= rows.length;
  }
  return out;
}
