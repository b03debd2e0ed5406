import type { Choice, DisplayOrder } from "../../domain/choice.js";
import type { Db } from "../database.js";
import { statement } from "../statement.js";
import type { JudgmentRecord } from "./judgments.repo.js";
import { onConnection } from "../transaction.js";

/** A judgment as the API pages them: with its item's id, its annotator's identity and its guideline version. */
export interface JudgmentPageRow {
  id: number;
  itemId: string;
  platform: string;
  workspaceId: string;
  userId: string;
  choice: Choice;
  source: JudgmentRecord["source"];
  rationale: string | null;
  confidence: number | null;
  difficulty: JudgmentRecord["difficulty"];
  displayOrder: DisplayOrder | null;
  timeTakenMs: number | null;
  guidelineVersion: number | null;
  revision: number;
  createdAt: number;
  updatedAt: number;
}

/** Up to `limit` judgments of the campaign with an id above `after`, made at or after `since` (epoch milliseconds), in id order. */
export function judgmentPage(db: Db, page: { campaignId: number; after: number; since: number; limit: number }): Promise<JudgmentPageRow[]> {
  return onConnection(db, () => {
    return statement<[number, number, number, number], JudgmentPageRow>(
      db,
      `SELECT j.id, x.external_id AS "itemId", a.platform, a.workspace_id AS "workspaceId", a.user_id AS "userId", j.choice, j.source, j.rationale, j.confidence, j.difficulty,
            j.display_order AS "displayOrder", j.time_taken_ms AS "timeTakenMs", g.version AS "guidelineVersion", j.revision, j.created_at AS "createdAt", j.updated_at AS "updatedAt"
     FROM judgments j JOIN comparisons x ON x.id = j.comparison_id JOIN annotators a ON a.id = j.annotator_id LEFT JOIN guideline_versions g ON g.id = j.guideline_version_id
     WHERE j.id > ? AND j.campaign_id = ? AND j.created_at >= ? ORDER BY j.id LIMIT ?`,
    ).all(page.after, page.campaignId, page.since, page.limit);
  });
}
