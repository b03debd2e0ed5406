import type { Db } from "../database.js";
import { statement } from "../statement.js";
import { onConnection } from "../transaction.js";

/**
 * Whether an annotator already had a judgment flagged `kind` in a campaign between `since` and
 * `before` (flags recorded earlier, not the ones just written at `before`).
 */
export function hadFlagBetween(db: Db, input: { annotatorId: number; campaignId: number; kind: string; since: number; before: number }): Promise<boolean> {
  return onConnection(
    db,
    async () =>
      (await statement<[{ annotatorId: number; campaignId: number; kind: string; since: number; before: number }]>(
        db,
        `SELECT 1 FROM judgments j JOIN judgment_flags f ON f.judgment_id = j.id AND f.kind = @kind
       WHERE j.annotator_id = @annotatorId AND j.campaign_id = @campaignId AND f.created_at >= @since AND f.created_at < @before LIMIT 1`,
      ).get(input)) !== undefined,
  );
}

// --- Recording and clearing flags (the anomaly checks, peer review) ---

/** Flags a judgment (once per kind; flagging again rewrites the detail). */
export function upsertJudgmentFlag(db: Db, flag: { judgmentId: number; kind: string; detail: string; at: number }): Promise<void> {
  return onConnection(db, async () => {
    await statement<[number, string, string, number]>(
      db,
      "INSERT INTO judgment_flags (judgment_id, kind, detail, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (judgment_id, kind) DO UPDATE SET detail = excluded.detail",
    ).run(flag.judgmentId, flag.kind, flag.detail, flag.at);
  });
}

/** Removes a judgment's flag of one kind, if it has one. */
export function clearJudgmentFlag(db: Db, judgmentId: number, kind: string): Promise<void> {
  return onConnection(db, async () => {
    await statement<[number, string]>(db, "DELETE FROM judgment_flags WHERE judgment_id = ? AND kind = ?").run(judgmentId, kind);
  });
}
