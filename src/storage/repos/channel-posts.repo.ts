import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../database.js";
import { channelPosts } from "../schema/index.js";

export type ChannelPostRow = typeof channelPosts.$inferSelect;

export function findChannelPost(db: Db, id: number): ChannelPostRow | undefined {
  return db.select().from(channelPosts).where(eq(channelPosts.id, id)).get();
}

/** Every published post of a comparison, on every platform, for reveals. */
export function postsOfComparison(db: Db, comparisonId: number): ChannelPostRow[] {
  return db
    .select()
    .from(channelPosts)
    .where(and(eq(channelPosts.comparisonId, comparisonId), inArray(channelPosts.status, ["posted", "revealed"])))
    .all();
}

export function setPostPublished(db: Db, id: number, messageId: string): void {
  db.update(channelPosts).set({ messageId, status: "posted" }).where(eq(channelPosts.id, id)).run();
}

export function setPostStatus(db: Db, id: number, status: ChannelPostRow["status"]): void {
  db.update(channelPosts).set({ status }).where(eq(channelPosts.id, id)).run();
}
