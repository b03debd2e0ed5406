import type { Choice, DisplayOrder } from "../../domain/choice.js";
import { isSqlite, type Db } from "../database.js";
import { statement } from "../statement.js";
import { onConnection } from "../transaction.js";

/** A judgment in the peer-review queue, with the item it is about. */
export interface PeerReviewRecord {
  id: number;
  campaignId: number;
  judgmentId: number;
  reviewerId: number | null;
  status: "pending" | "claimed" | "agreed" | "disagreed";
  /** The item of the judgment under review. */
  comparisonId: number;
}

/** Queues a judgment for review; false when it is already queued. */
export function queuePeerReview(db: Db, input: { campaignId: number; judgmentId: number; reason: string; at: number }): Promise<boolean> {
  return onConnection(
    db,
    async () =>
      (await statement<[number, number, string, number]>(
        db,
        "INSERT INTO peer_reviews (campaign_id, judgment_id, reason, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (judgment_id) DO NOTHING",
      ).run(input.campaignId, input.judgmentId, input.reason, input.at)) > 0,
  );
}

/**
 * Leases the oldest review of a campaign that `reviewerId` may take until `leaseEndsAt`: pending,
 * or claimed under a lease that ran out, or already theirs (their own earlier claim comes first);
 * never their own judgment, nor an item they judged themselves.
 */
export function claimPeerReview(
  db: Db,
  input: { campaignId: number; reviewerId: number; now: number; leaseEndsAt: number },
): Promise<{ id: number; judgmentId: number; leaseEndsAt: number } | undefined> {
  return onConnection(db, () =>
    statement<[{ reviewer: number; lease: number; campaign: number; now: number }], { id: number; judgmentId: number; leaseEndsAt: number }>(
      db,
      // Order: the reviewer's own claim, then others' lapsed claims, then pending reviews (as
      // `(reviewer_id = @reviewer) DESC` sorted on SQLite, NULL last), oldest first in each.
      // PostgreSQL: two reviewers claiming at once take different reviews (the row is locked, the other skipped).
      `UPDATE peer_reviews SET reviewer_id = @reviewer, status = 'claimed', lease_ends_at = @lease
         WHERE id = (
           SELECT r.id FROM peer_reviews r JOIN judgments j ON j.id = r.judgment_id
           WHERE r.campaign_id = @campaign AND (r.status = 'pending' OR (r.status = 'claimed' AND (r.lease_ends_at < @now OR r.reviewer_id = @reviewer)))
             AND j.annotator_id <> @reviewer
             AND NOT EXISTS (SELECT 1 FROM judgments o WHERE o.comparison_id = j.comparison_id AND o.annotator_id = @reviewer)
           ORDER BY CASE WHEN r.reviewer_id = @reviewer THEN 0 WHEN r.reviewer_id IS NOT NULL THEN 1 ELSE 2 END, r.id LIMIT 1${isSqlite(db) ? "" : " FOR UPDATE OF r SKIP LOCKED"})
         RETURNING id, judgment_id AS "judgmentId", lease_ends_at AS "leaseEndsAt"`,
    ).get({ reviewer: input.reviewerId, lease: input.leaseEndsAt, campaign: input.campaignId, now: input.now }),
  );
}

/** The judgment a reviewer is shown: the vote, its rationale, and the order its annotator saw. */
export function judgmentUnderReview(
  db: Db,
  judgmentId: number,
): Promise<{ comparisonId: number; choice: Choice; displayOrder: DisplayOrder | null; rationale: string | null } | undefined> {
  return onConnection(db, () =>
    statement<[number], { comparisonId: number; choice: Choice; displayOrder: DisplayOrder | null; rationale: string | null }>(
      db,
      'SELECT comparison_id AS "comparisonId", choice, display_order AS "displayOrder", rationale FROM judgments WHERE id = ?',
    ).get(judgmentId),
  );
}

export function findPeerReview(db: Db, id: number): Promise<PeerReviewRecord | undefined> {
  return onConnection(db, () =>
    statement<[number], PeerReviewRecord>(
      db,
      `SELECT r.id, r.campaign_id AS "campaignId", r.judgment_id AS "judgmentId", r.reviewer_id AS "reviewerId", r.status, j.comparison_id AS "comparisonId"
     FROM peer_reviews r JOIN judgments j ON j.id = r.judgment_id WHERE r.id = ?`,
    ).get(id),
  );
}

/** Records a reviewer's verdict and note. */
export function recordPeerReviewVerdict(db: Db, input: { id: number; status: "agreed" | "disagreed"; note: string | null; at: number }): Promise<void> {
  return onConnection(db, async () => {
    await statement<["agreed" | "disagreed", string | null, number, number]>(
      db,
      "UPDATE peer_reviews SET status = ?, note = ?, reviewed_at = ? WHERE id = ?",
    ).run(input.status, input.note, input.at, input.id);
  });
}
