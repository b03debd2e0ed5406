import { and, eq, isNull } from "drizzle-orm";
import type { ChatTurn } from "../../domain/comparison.js";
import { sqliteOnly, type Db } from "../database.js";
import { prepared } from "../prepared.js";
import { bakeoffs } from "../schema/index.js";
import type { ChannelPostRow } from "./channel-posts.repo.js";
import { onConnection } from "../transaction.js";

export type BakeoffRow = typeof bakeoffs.$inferSelect;
export type BakeoffStatus = BakeoffRow["status"];
/** A bake-off with its campaign's name and title. */
export type NamedBakeoff = BakeoffRow & { name: string; title: string | null };

export type NewBakeoff = Pick<BakeoffRow, "campaignId" | "confidence" | "minViews" | "exploration" | "margin" | "maxVotes" | "parallel" | "createdAt">;

export function insertBakeoff(db: Db, row: NewBakeoff): Promise<BakeoffRow> {
  return onConnection(db, () => {
    return sqliteOnly(db)
      .insert(bakeoffs)
      .values({ ...row, status: "draft" })
      .returning()
      .get();
  });
}

export interface BakeoffOutput {
  promptKey: string;
  prompt: ChatTurn[];
  model: string;
  output: string;
}

export function insertBakeoffOutputs(db: Db, bakeoffId: number, outputs: readonly BakeoffOutput[]): Promise<void> {
  return onConnection(db, () => {
    const insert = prepared<[number, string, string, string, string]>(
      db,
      "INSERT INTO bakeoff_outputs (bakeoff_id, prompt_key, prompt, model, output) VALUES (?, ?, ?, ?, ?)",
    );
    for (const o of outputs) insert.run(bakeoffId, o.promptKey, JSON.stringify(o.prompt), o.model, o.output);
  });
}

// Prepared once per database: the minute sweep asks for the running bake-offs every minute, and
// a vote that completes an item asks whether it was a bake-off's.
const SELECT_NAMED = `SELECT b.id, b.campaign_id AS campaignId, b.status, b.confidence, b.min_views AS minViews, b.exploration, b.margin,
  b.max_votes AS maxVotes, b.parallel, b.platform, b.channel_id AS channelId, b.root_message_id AS rootMessageId,
  b.announcement_intent_at AS announcementIntentAt, b.board_channel_id AS boardChannelId, b.board_message_id AS boardMessageId, b.outcome, b.created_at AS createdAt,
  b.started_at AS startedAt, b.ended_at AS endedAt, c.name, c.title
  FROM bakeoffs b JOIN campaigns c ON c.id = b.campaign_id`;

type RawNamed = Omit<NamedBakeoff, "createdAt" | "startedAt" | "endedAt" | "announcementIntentAt"> & {
  createdAt: number;
  startedAt: number | null;
  endedAt: number | null;
  announcementIntentAt: number | null;
};

const toNamed = (r: RawNamed): NamedBakeoff => ({
  ...r,
  createdAt: new Date(r.createdAt),
  startedAt: r.startedAt === null ? null : new Date(r.startedAt),
  endedAt: r.endedAt === null ? null : new Date(r.endedAt),
  announcementIntentAt: r.announcementIntentAt === null ? null : new Date(r.announcementIntentAt),
});

const one = (db: Db, where: string, value: unknown): NamedBakeoff | undefined => {
  const row = prepared<[unknown], RawNamed>(db, `${SELECT_NAMED} WHERE ${where}`).get(value);
  return row ? toNamed(row) : undefined;
};

export const findBakeoffByName = (db: Db, name: string): NamedBakeoff | undefined => one(db, "c.name = ?", name);
export const findBakeoffById = (db: Db, id: number): NamedBakeoff | undefined => one(db, "b.id = ?", id);
export const findBakeoffByCampaign = (db: Db, campaignId: number): NamedBakeoff | undefined => one(db, "b.campaign_id = ?", campaignId);

export function listBakeoffs(db: Db, status?: BakeoffStatus): Promise<NamedBakeoff[]> {
  return onConnection(db, () => {
    const rows = status
      ? prepared<[BakeoffStatus], RawNamed>(db, `${SELECT_NAMED} WHERE b.status = ? ORDER BY b.id`).all(status)
      : prepared<[], RawNamed>(db, `${SELECT_NAMED} ORDER BY b.id`).all();
    return rows.map(toNamed);
  });
}

/** Marks a draft bake-off running in a channel; false when it is not a draft any more. */
export function markBakeoffRunning(db: Db, id: number, where: { platform: string; channelId: string; at: Date }): Promise<boolean> {
  return onConnection(db, () => {
    return (
      sqliteOnly(db)
        .update(bakeoffs)
        .set({ status: "running", platform: where.platform, channelId: where.channelId, startedAt: where.at })
        .where(and(eq(bakeoffs.id, id), eq(bakeoffs.status, "draft")))
        .run().changes > 0
    );
  });
}

/** Puts a started bake-off back to draft when nothing of it was posted (the channel refused the first post). */
export function unstartBakeoff(db: Db, id: number): Promise<boolean> {
  return onConnection(db, () => {
    return (
      sqliteOnly(db)
        .update(bakeoffs)
        .set({ status: "draft", platform: null, channelId: null, startedAt: null, announcementIntentAt: null })
        .where(and(eq(bakeoffs.id, id), eq(bakeoffs.status, "running"), isNull(bakeoffs.rootMessageId)))
        .run().changes > 0
    );
  });
}

export function setBakeoffMessages(db: Db, id: number, messages: { rootMessageId?: string; boardChannelId?: string; boardMessageId?: string }): Promise<void> {
  return onConnection(db, () => {
    sqliteOnly(db).update(bakeoffs).set(messages).where(eq(bakeoffs.id, id)).run();
  });
}

/** Ends a running bake-off once; false when it had already ended. */
export function endBakeoff(db: Db, id: number, end: { status: "stable" | "budget" | "stopped"; outcome: string; at: Date }): Promise<boolean> {
  return onConnection(db, () => {
    return (
      sqliteOnly(db)
        .update(bakeoffs)
        .set({ status: end.status, outcome: end.outcome, endedAt: end.at })
        .where(and(eq(bakeoffs.id, id), eq(bakeoffs.status, "running")))
        .run().changes > 0
    );
  });
}

/** The bake-off's models, in name order. */
export function bakeoffModels(db: Db, bakeoffId: number): Promise<string[]> {
  return onConnection(db, () => {
    return prepared<[number], { model: string }>(db, "SELECT DISTINCT model FROM bakeoff_outputs WHERE bakeoff_id = ? ORDER BY model")
      .all(bakeoffId)
      .map((r) => r.model);
  });
}

export function countBakeoffPrompts(db: Db, bakeoffId: number): Promise<number> {
  return onConnection(db, () => {
    return prepared<[number], { n: number }>(db, "SELECT count(DISTINCT prompt_key) AS n FROM bakeoff_outputs WHERE bakeoff_id = ?").get(bakeoffId)!.n;
  });
}

/** A prompt both models answered, with how often the pair was already posted on it. */
export interface SharedPrompt {
  promptKey: string;
  prompt: ChatTurn[];
  outputA: string;
  outputB: string;
  uses: number;
}

/** The prompts both models answered, least used for this pair first. */
export function sharedPrompts(db: Db, bakeoff: Pick<BakeoffRow, "id" | "campaignId">, modelA: string, modelB: string): Promise<SharedPrompt[]> {
  return onConnection(db, () => {
    const rows = prepared<[number, string, number, string], Omit<SharedPrompt, "prompt"> & { prompt: string }>(
      db,
      `SELECT a.prompt_key AS promptKey, a.prompt AS prompt, a.output AS outputA, b.output AS outputB,
              (SELECT count(*) FROM comparisons c WHERE c.campaign_id = ? AND json_extract(c.metadata, '$.bakeoffPrompt') = a.prompt_key
                 AND ((c.model_a = a.model AND c.model_b = b.model) OR (c.model_a = b.model AND c.model_b = a.model))) AS uses
         FROM bakeoff_outputs a JOIN bakeoff_outputs b ON b.bakeoff_id = a.bakeoff_id AND b.prompt_key = a.prompt_key AND b.model = ?
        WHERE a.bakeoff_id = ? AND a.model = ?
        ORDER BY uses, a.id`,
    ).all(bakeoff.campaignId, modelB, bakeoff.id, modelA);
    return rows.map((r) => ({ ...r, prompt: JSON.parse(r.prompt) as ChatTurn[] }));
  });
}

/** A bake-off's posts whose item still waits for its votes, with the pair they show. */
export function waitingBakeoffPosts(db: Db, campaignId: number): Promise<(ChannelPostRow & { modelA: string; modelB: string })[]> {
  return onConnection(db, () => {
    const rows = prepared<[number], Omit<ChannelPostRow, "createdAt"> & { createdAt: number; modelA: string; modelB: string }>(
      db,
      `SELECT p.id, p.campaign_id AS campaignId, p.comparison_id AS comparisonId, p.platform, p.channel_id AS channelId, p.message_id AS messageId,
              p.display_order AS displayOrder, p.status, p.created_at AS createdAt, c.model_a AS modelA, c.model_b AS modelB
         FROM channel_posts p JOIN comparisons c ON c.id = p.comparison_id
        WHERE p.campaign_id = ? AND p.status IN ('posting', 'posted') AND c.done_count < c.target_overlap
        ORDER BY p.id`,
    ).all(campaignId);
    return rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt) }));
  });
}

/** The pairs of models that answered at least one prompt in common: the pairs a bake-off can post. */
export function comparableModelPairs(db: Db, bakeoffId: number): Promise<[string, string][]> {
  return onConnection(db, () => {
    const rows = prepared<[number], { a: string; b: string }>(
      db,
      "SELECT DISTINCT a.model AS a, b.model AS b FROM bakeoff_outputs a JOIN bakeoff_outputs b ON b.bakeoff_id = a.bakeoff_id AND b.prompt_key = a.prompt_key AND b.model > a.model WHERE a.bakeoff_id = ?",
    ).all(bakeoffId);
    return rows.map((r) => [r.a, r.b]);
  });
}

// --- The announcement's intent, and the posts an ended bake-off closes ---

/**
 * Records that the announcement is about to be sent, unless an earlier run recorded it: true when
 * this call recorded it (send it now), false when a send may already have landed (look first).
 */
export function claimAnnouncement(db: Db, id: number, at: Date): Promise<boolean> {
  return onConnection(db, () => {
    return (
      prepared<[number, number], never>(db, "UPDATE bakeoffs SET announcement_intent_at = ? WHERE id = ? AND announcement_intent_at IS NULL").run(
        at.getTime(),
        id,
      ).changes > 0
    );
  });
}

/** Records the announcement's message, once: false when another run recorded one first. */
export function adoptAnnouncement(db: Db, id: number, messageId: string): Promise<boolean> {
  return onConnection(db, () => {
    return (
      prepared<[string, number], never>(db, "UPDATE bakeoffs SET root_message_id = ? WHERE id = ? AND root_message_id IS NULL").run(messageId, id).changes > 0
    );
  });
}

/** A posted pair still showing its vote buttons (its item has not got its vote), with what its card shows. */
export interface OpenBakeoffPost {
  postId: number;
  platform: string;
  channelId: string;
  messageId: string;
  comparisonId: number;
  displayOrder: "ab" | "ba";
}

/** A bake-off campaign's posts that still carry vote buttons: posted, and not yet revealed. */
export function openBakeoffPosts(db: Db, campaignId: number): Promise<OpenBakeoffPost[]> {
  return onConnection(db, () => {
    return prepared<[number], OpenBakeoffPost>(
      db,
      `SELECT id AS postId, platform, channel_id AS channelId, message_id AS messageId, comparison_id AS comparisonId, display_order AS displayOrder
       FROM channel_posts WHERE campaign_id = ? AND status = 'posted' AND message_id IS NOT NULL ORDER BY id`,
    ).all(campaignId);
  });
}

// --- Ended bake-offs whose pairs still show their buttons (an edit missed, or the bot stopped first) ---

/** Marks a bake-off pair's post closed: its buttons are off, nothing needs editing any more. */
export function markBakeoffPostClosed(db: Db, postId: number): Promise<void> {
  return onConnection(db, () => {
    prepared<[number]>(db, "UPDATE channel_posts SET status = 'closed' WHERE id = ? AND status = 'posted'").run(postId);
  });
}

/** The ended bake-offs with a pair still showing vote buttons: what the minute sweep tidies up. */
export function endedBakeoffsWithOpenPosts(db: Db): Promise<number[]> {
  return onConnection(db, () => {
    return prepared<[], { id: number }>(
      db,
      `SELECT b.id FROM bakeoffs b
      WHERE b.status IN ('stable', 'budget', 'stopped')
        AND EXISTS (SELECT 1 FROM channel_posts p WHERE p.campaign_id = b.campaign_id AND p.status = 'posted' AND p.message_id IS NOT NULL)
      ORDER BY b.id`,
    )
      .all()
      .map((r) => r.id);
  });
}
