import type { Db } from "../database.js";
import type { channelPosts } from "../schema/index.js";
import { statement } from "../statement.js";
import { PUBLISHED_ONLY } from "./import-batches.repo.js";
import { onConnection } from "../transaction.js";

export type ChannelPostRow = typeof channelPosts.$inferSelect;

/** A post as `COLUMNS` reads it: the time still epoch milliseconds. */
type RawPost = Omit<ChannelPostRow, "createdAt"> & { createdAt: number };

const COLUMNS = `id, campaign_id AS "campaignId", comparison_id AS "comparisonId", platform, channel_id AS "channelId", message_id AS "messageId",
  display_order AS "displayOrder", status, created_at AS "createdAt"`;

const toRow = (r: RawPost): ChannelPostRow => ({ ...r, createdAt: new Date(r.createdAt) });

export function findChannelPost(db: Db, id: number): Promise<ChannelPostRow | undefined> {
  return onConnection(db, async () => {
    const raw = await statement<[number], RawPost>(db, `SELECT ${COLUMNS} FROM channel_posts WHERE id = ?`).get(id);
    return raw ? toRow(raw) : undefined;
  });
}

/** Every published post of a comparison, on every platform, for reveals. */
export function postsOfComparison(db: Db, comparisonId: number): Promise<ChannelPostRow[]> {
  return onConnection(db, async () =>
    (
      await statement<[number], RawPost>(
        db,
        `SELECT ${COLUMNS} FROM channel_posts WHERE comparison_id = ? AND status IN ('posted', 'revealed') ORDER BY id`,
      ).all(comparisonId)
    ).map(toRow),
  );
}

export function setPostStatus(db: Db, id: number, status: ChannelPostRow["status"]): Promise<void> {
  return onConnection(db, async () => {
    await statement<[ChannelPostRow["status"], number]>(db, "UPDATE channel_posts SET status = ? WHERE id = ?").run(status, id);
  });
}

/** Posts whose intent is recorded but whose message id is not (sent and not recorded, or never sent), oldest first. */
export function postsAwaitingPublish(db: Db, platform: string): Promise<ChannelPostRow[]> {
  return onConnection(db, async () =>
    (await statement<[string], RawPost>(db, `SELECT ${COLUMNS} FROM channel_posts WHERE platform = ? AND status = 'posting' ORDER BY id`).all(platform)).map(
      toRow,
    ),
  );
}

/**
 * Records the message of a post still in `posting`; false when the post was settled meanwhile (by
 * the send's own answer, a reconciliation, or a vote on the message), so it is settled once.
 */
export function adoptPostMessage(db: Db, id: number, messageId: string): Promise<boolean> {
  return onConnection(
    db,
    async () =>
      (await statement<[string, number]>(db, "UPDATE channel_posts SET message_id = ?, status = 'posted' WHERE id = ? AND status = 'posting'").run(
        messageId,
        id,
      )) > 0,
  );
}

/** Marks a post still in `posting` as failed (the platform refused it, or it cannot be checked); false when settled meanwhile. */
export function failPendingPost(db: Db, id: number): Promise<boolean> {
  return onConnection(
    db,
    async () => (await statement<[number]>(db, "UPDATE channel_posts SET status = 'failed' WHERE id = ? AND status = 'posting'").run(id)) > 0,
  );
}

/** Records a post's intent (`posting`) before anything is sent. */
export function insertChannelPost(
  db: Db,
  post: { campaignId: number; comparisonId: number; platform: string; channelId: string; displayOrder: "ab" | "ba"; createdAt: Date },
): Promise<ChannelPostRow> {
  return onConnection(db, async () => {
    const raw = await statement<[number, number, string, string, "ab" | "ba", number], RawPost>(
      db,
      `INSERT INTO channel_posts (campaign_id, comparison_id, platform, channel_id, display_order, status, created_at)
       VALUES (?, ?, ?, ?, ?, 'posting', ?) RETURNING ${COLUMNS}`,
    ).get(post.campaignId, post.comparisonId, post.platform, post.channelId, post.displayOrder, post.createdAt.getTime());
    return toRow(raw!);
  });
}

// ---- Choosing what to post (services/post-channel-items.ts) ----

/**
 * Up to `count` open regular items of the campaign that no channel has been given yet, fullest
 * first (closest to their overlap), so posted items complete early. Items of an import still
 * being written are left out.
 */
export function itemsToPost(db: Db, campaignId: number, count: number): Promise<number[]> {
  return onConnection(db, async () => {
    const rows = await statement<[number, number], { id: number }>(
      db,
      `SELECT c.id FROM comparisons c WHERE c.campaign_id = ? AND c.kind = 'regular' AND c."full" = FALSE AND ${PUBLISHED_ONLY}
       AND NOT EXISTS (SELECT 1 FROM channel_posts p WHERE p.comparison_id = c.id)
     ORDER BY c.active_count DESC, c.id LIMIT ?`,
    ).all(campaignId, count);
    return rows.map((r) => r.id);
  });
}
