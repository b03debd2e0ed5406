import { and, eq, inArray } from "drizzle-orm";
import { sqliteOnly, type Db } from "../database.js";
import { channelPosts } from "../schema/index.js";
import { prepared } from "../prepared.js";
import { PUBLISHED_ONLY } from "./import-batches.repo.js";
import { onConnection } from "../transaction.js";

export type ChannelPostRow = typeof channelPosts.$inferSelect;

export function findChannelPost(db: Db, id: number): Promise<ChannelPostRow | undefined> {
  return onConnection(db, () => {
    return sqliteOnly(db).select().from(channelPosts).where(eq(channelPosts.id, id)).get();
  });
}

/** Every published post of a comparison, on every platform, for reveals. */
export function postsOfComparison(db: Db, comparisonId: number): Promise<ChannelPostRow[]> {
  return onConnection(db, () => {
    return sqliteOnly(db)
      .select()
      .from(channelPosts)
      .where(and(eq(channelPosts.comparisonId, comparisonId), inArray(channelPosts.status, ["posted", "revealed"])))
      .all();
  });
}

export function setPostStatus(db: Db, id: number, status: ChannelPostRow["status"]): Promise<void> {
  return onConnection(db, () => {
    sqliteOnly(db).update(channelPosts).set({ status }).where(eq(channelPosts.id, id)).run();
  });
}

/** Posts whose intent is recorded but whose message id is not (sent and not recorded, or never sent), oldest first. */
export function postsAwaitingPublish(db: Db, platform: string): Promise<ChannelPostRow[]> {
  return onConnection(db, () => {
    return sqliteOnly(db)
      .select()
      .from(channelPosts)
      .where(and(eq(channelPosts.platform, platform), eq(channelPosts.status, "posting")))
      .orderBy(channelPosts.id)
      .all();
  });
}

/**
 * Records the message of a post still in `posting`; false when the post was settled meanwhile (by
 * the send's own answer, a reconciliation, or a vote on the message), so it is settled once.
 */
export function adoptPostMessage(db: Db, id: number, messageId: string): Promise<boolean> {
  return onConnection(db, () => {
    const result = sqliteOnly(db)
      .update(channelPosts)
      .set({ messageId, status: "posted" })
      .where(and(eq(channelPosts.id, id), eq(channelPosts.status, "posting")))
      .run();
    return result.changes > 0;
  });
}

/** Marks a post still in `posting` as failed (the platform refused it, or it cannot be checked); false when settled meanwhile. */
export function failPendingPost(db: Db, id: number): Promise<boolean> {
  return onConnection(db, () => {
    return (
      sqliteOnly(db)
        .update(channelPosts)
        .set({ status: "failed" })
        .where(and(eq(channelPosts.id, id), eq(channelPosts.status, "posting")))
        .run().changes > 0
    );
  });
}

/** Records a post's intent (`posting`) before anything is sent. */
export function insertChannelPost(
  db: Db,
  post: { campaignId: number; comparisonId: number; platform: string; channelId: string; displayOrder: "ab" | "ba"; createdAt: Date },
): Promise<ChannelPostRow> {
  return onConnection(db, () => {
    return sqliteOnly(db)
      .insert(channelPosts)
      .values({ ...post, status: "posting" })
      .returning()
      .get();
  });
}

// ---- Choosing what to post (services/post-channel-items.ts) ----

/**
 * Up to `count` open regular items of the campaign that no channel has been given yet, fullest
 * first (closest to their overlap), so posted items complete early. Items of an import still
 * being written are left out.
 */
export function itemsToPost(db: Db, campaignId: number, count: number): Promise<number[]> {
  return onConnection(db, () => {
    return prepared<[number, number], { id: number }>(
      db,
      `SELECT c.id FROM comparisons c WHERE c.campaign_id = ? AND c.kind = 'regular' AND c.full = 0 AND ${PUBLISHED_ONLY}
       AND NOT EXISTS (SELECT 1 FROM channel_posts p WHERE p.comparison_id = c.id)
     ORDER BY c.active_count DESC, c.id LIMIT ?`,
    )
      .all(campaignId, count)
      .map((r) => r.id);
  });
}
