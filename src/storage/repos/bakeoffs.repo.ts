import type { ChatTurn } from "../../domain/comparison.js";
import { isSqlite, type Db } from "../database.js";
import type { bakeoffs } from "../schema/index.js";
import { statement } from "../statement.js";
import type { ChannelPostRow } from "./channel-posts.repo.js";
import { onConnection } from "../transaction.js";

export type BakeoffRow = typeof bakeoffs.$inferSelect;
export type BakeoffStatus = BakeoffRow["status"];
/** A bake-off with its campaign's name and title. */
export type NamedBakeoff = BakeoffRow & { name: string; title: string | null };

export type NewBakeoff = Pick<BakeoffRow, "campaignId" | "confidence" | "minViews" | "exploration" | "margin" | "maxVotes" | "parallel" | "createdAt">;

/** A bake-off's columns under their record names (times still epoch milliseconds), for SELECT and RETURNING. */
const BAKEOFF_COLUMNS = `id, campaign_id AS "campaignId", status, confidence, min_views AS "minViews", exploration, margin,
  max_votes AS "maxVotes", parallel, platform, channel_id AS "channelId", root_message_id AS "rootMessageId",
  announcement_intent_at AS "announcementIntentAt", board_channel_id AS "boardChannelId", board_message_id AS "boardMessageId", outcome,
  created_at AS "createdAt", started_at AS "startedAt", ended_at AS "endedAt"`;

type RawBakeoff = Omit<BakeoffRow, "createdAt" | "startedAt" | "endedAt" | "announcementIntentAt"> & {
  createdAt: number;
  startedAt: number | null;
  endedAt: number | null;
  announcementIntentAt: number | null;
};

const dateOrNull = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

function toBakeoff<R extends RawBakeoff>(r: R): Omit<R, "createdAt" | "startedAt" | "endedAt" | "announcementIntentAt"> & BakeoffRow {
  return {
    ...r,
    createdAt: new Date(r.createdAt),
    startedAt: dateOrNull(r.startedAt),
    endedAt: dateOrNull(r.endedAt),
    announcementIntentAt: dateOrNull(r.announcementIntentAt),
  };
}

export function insertBakeoff(db: Db, row: NewBakeoff): Promise<BakeoffRow> {
  return onConnection(db, async () => {
    const raw = await statement<[NewBakeoffParams], RawBakeoff>(
      db,
      `INSERT INTO bakeoffs (campaign_id, status, confidence, min_views, exploration, margin, max_votes, parallel, created_at)
       VALUES (@campaignId, 'draft', @confidence, @minViews, @exploration, @margin, @maxVotes, @parallel, @createdAt) RETURNING ${BAKEOFF_COLUMNS}`,
    ).get({ ...row, createdAt: row.createdAt.getTime() });
    return toBakeoff(raw!);
  });
}

type NewBakeoffParams = Omit<NewBakeoff, "createdAt"> & { createdAt: number };

export interface BakeoffOutput {
  promptKey: string;
  prompt: ChatTurn[];
  model: string;
  output: string;
}

export function insertBakeoffOutputs(db: Db, bakeoffId: number, outputs: readonly BakeoffOutput[]): Promise<void> {
  return onConnection(db, async () => {
    const insert = statement<[number, string, string, string, string]>(
      db,
      "INSERT INTO bakeoff_outputs (bakeoff_id, prompt_key, prompt, model, output) VALUES (?, ?, ?, ?, ?)",
    );
    for (const o of outputs) await insert.run(bakeoffId, o.promptKey, JSON.stringify(o.prompt), o.model, o.output);
  });
}

// The minute sweep asks for the running bake-offs every minute, and a vote that completes an item
// asks whether it was a bake-off's: constant texts, prepared (SQLite) or translated (PostgreSQL) once.
const SELECT_NAMED = `SELECT b.id, b.campaign_id AS "campaignId", b.status, b.confidence, b.min_views AS "minViews", b.exploration, b.margin,
  b.max_votes AS "maxVotes", b.parallel, b.platform, b.channel_id AS "channelId", b.root_message_id AS "rootMessageId",
  b.announcement_intent_at AS "announcementIntentAt", b.board_channel_id AS "boardChannelId", b.board_message_id AS "boardMessageId", b.outcome,
  b.created_at AS "createdAt", b.started_at AS "startedAt", b.ended_at AS "endedAt", c.name, c.title
  FROM bakeoffs b JOIN campaigns c ON c.id = b.campaign_id`;

type RawNamed = RawBakeoff & { name: string; title: string | null };

function one(db: Db, where: string, value: string | number): Promise<NamedBakeoff | undefined> {
  return onConnection(db, async () => {
    const row = await statement<[string | number], RawNamed>(db, `${SELECT_NAMED} WHERE ${where}`).get(value);
    return row ? toBakeoff(row) : undefined;
  });
}

export const findBakeoffByName = (db: Db, name: string): Promise<NamedBakeoff | undefined> => one(db, "c.name = ?", name);
export const findBakeoffById = (db: Db, id: number): Promise<NamedBakeoff | undefined> => one(db, "b.id = ?", id);
export const findBakeoffByCampaign = (db: Db, campaignId: number): Promise<NamedBakeoff | undefined> => one(db, "b.campaign_id = ?", campaignId);

export function listBakeoffs(db: Db, status?: BakeoffStatus): Promise<NamedBakeoff[]> {
  return onConnection(db, async () => {
    const rows = status
      ? await statement<[BakeoffStatus], RawNamed>(db, `${SELECT_NAMED} WHERE b.status = ? ORDER BY b.id`).all(status)
      : await statement<[], RawNamed>(db, `${SELECT_NAMED} ORDER BY b.id`).all();
    return rows.map((r) => toBakeoff(r));
  });
}

/** Marks a draft bake-off running in a channel; false when it is not a draft any more. */
export function markBakeoffRunning(db: Db, id: number, where: { platform: string; channelId: string; at: Date }): Promise<boolean> {
  return onConnection(db, async () => {
    const changed = await statement<[string, string, number, number]>(
      db,
      "UPDATE bakeoffs SET status = 'running', platform = ?, channel_id = ?, started_at = ? WHERE id = ? AND status = 'draft'",
    ).run(where.platform, where.channelId, where.at.getTime(), id);
    return changed > 0;
  });
}

/** Puts a started bake-off back to draft when nothing of it was posted (the channel refused the first post). */
export function unstartBakeoff(db: Db, id: number): Promise<boolean> {
  return onConnection(db, async () => {
    const changed = await statement<[number]>(
      db,
      `UPDATE bakeoffs SET status = 'draft', platform = NULL, channel_id = NULL, started_at = NULL, announcement_intent_at = NULL
       WHERE id = ? AND status = 'running' AND root_message_id IS NULL`,
    ).run(id);
    return changed > 0;
  });
}

export function setBakeoffMessages(db: Db, id: number, messages: { rootMessageId?: string; boardChannelId?: string; boardMessageId?: string }): Promise<void> {
  // COALESCE: a message not given keeps the one recorded.
  return onConnection(db, async () => {
    await statement<[{ id: number; root: string | null; boardChannel: string | null; boardMessage: string | null }]>(
      db,
      `UPDATE bakeoffs SET root_message_id = COALESCE(@root, root_message_id), board_channel_id = COALESCE(@boardChannel, board_channel_id),
         board_message_id = COALESCE(@boardMessage, board_message_id) WHERE id = @id`,
    ).run({ id, root: messages.rootMessageId ?? null, boardChannel: messages.boardChannelId ?? null, boardMessage: messages.boardMessageId ?? null });
  });
}

/** Ends a running bake-off once; false when it had already ended. */
export function endBakeoff(db: Db, id: number, end: { status: "stable" | "budget" | "stopped"; outcome: string; at: Date }): Promise<boolean> {
  return onConnection(db, async () => {
    const changed = await statement<[string, string, number, number]>(
      db,
      "UPDATE bakeoffs SET status = ?, outcome = ?, ended_at = ? WHERE id = ? AND status = 'running'",
    ).run(end.status, end.outcome, end.at.getTime(), id);
    return changed > 0;
  });
}

/** The bake-off's models, in name order. */
export function bakeoffModels(db: Db, bakeoffId: number): Promise<string[]> {
  return onConnection(db, async () => {
    const rows = await statement<[number], { model: string }>(db, "SELECT DISTINCT model FROM bakeoff_outputs WHERE bakeoff_id = ? ORDER BY model").all(
      bakeoffId,
    );
    return rows.map((r) => r.model);
  });
}

export function countBakeoffPrompts(db: Db, bakeoffId: number): Promise<number> {
  return onConnection(db, async () => {
    return (await statement<[number], { n: number }>(db, "SELECT count(DISTINCT prompt_key) AS n FROM bakeoff_outputs WHERE bakeoff_id = ?").get(bakeoffId))!.n;
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
  // The item's prompt key is in its metadata's JSON, which each database reads with a function of its own.
  const promptKeyOfItem = isSqlite(db) ? "json_extract(c.metadata, '$.bakeoffPrompt')" : "(CAST(c.metadata AS json) ->> 'bakeoffPrompt')";
  return onConnection(db, async () => {
    const rows = await statement<[number, string, number, string], Omit<SharedPrompt, "prompt"> & { prompt: string }>(
      db,
      `SELECT a.prompt_key AS "promptKey", a.prompt AS prompt, a.output AS "outputA", b.output AS "outputB",
              (SELECT count(*) FROM comparisons c WHERE c.campaign_id = ? AND ${promptKeyOfItem} = a.prompt_key
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
  return onConnection(db, async () => {
    const rows = await statement<[number], Omit<ChannelPostRow, "createdAt"> & { createdAt: number; modelA: string; modelB: string }>(
      db,
      `SELECT p.id, p.campaign_id AS "campaignId", p.comparison_id AS "comparisonId", p.platform, p.channel_id AS "channelId", p.message_id AS "messageId",
              p.display_order AS "displayOrder", p.status, p.created_at AS "createdAt", c.model_a AS "modelA", c.model_b AS "modelB"
         FROM channel_posts p JOIN comparisons c ON c.id = p.comparison_id
        WHERE p.campaign_id = ? AND p.status IN ('posting', 'posted') AND c.done_count < c.target_overlap
        ORDER BY p.id`,
    ).all(campaignId);
    return rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt) }));
  });
}

/** The pairs of models that answered at least one prompt in common: the pairs a bake-off can post. */
export function comparableModelPairs(db: Db, bakeoffId: number): Promise<[string, string][]> {
  return onConnection(db, async () => {
    const rows = await statement<[number], { a: string; b: string }>(
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
  return onConnection(db, async () => {
    const changed = await statement<[number, number]>(db, "UPDATE bakeoffs SET announcement_intent_at = ? WHERE id = ? AND announcement_intent_at IS NULL").run(
      at.getTime(),
      id,
    );
    return changed > 0;
  });
}

/** Records the announcement's message, once: false when another run recorded one first. */
export function adoptAnnouncement(db: Db, id: number, messageId: string): Promise<boolean> {
  return onConnection(db, async () => {
    return (await statement<[string, number]>(db, "UPDATE bakeoffs SET root_message_id = ? WHERE id = ? AND root_message_id IS NULL").run(messageId, id)) > 0;
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
    return statement<[number], OpenBakeoffPost>(
      db,
      `SELECT id AS "postId", platform, channel_id AS "channelId", message_id AS "messageId", comparison_id AS "comparisonId", display_order AS "displayOrder"
       FROM channel_posts WHERE campaign_id = ? AND status = 'posted' AND message_id IS NOT NULL ORDER BY id`,
    ).all(campaignId);
  });
}

// --- Ended bake-offs whose pairs still show their buttons (an edit missed, or the bot stopped first) ---

/** Marks a bake-off pair's post closed: its buttons are off, nothing needs editing any more. */
export function markBakeoffPostClosed(db: Db, postId: number): Promise<void> {
  return onConnection(db, async () => {
    await statement<[number]>(db, "UPDATE channel_posts SET status = 'closed' WHERE id = ? AND status = 'posted'").run(postId);
  });
}

/** The ended bake-offs with a pair still showing vote buttons: what the minute sweep tidies up. */
export function endedBakeoffsWithOpenPosts(db: Db): Promise<number[]> {
  return onConnection(db, async () => {
    const rows = await statement<[], { id: number }>(
      db,
      `SELECT b.id FROM bakeoffs b
      WHERE b.status IN ('stable', 'budget', 'stopped')
        AND EXISTS (SELECT 1 FROM channel_posts p WHERE p.campaign_id = b.campaign_id AND p.status = 'posted' AND p.message_id IS NOT NULL)
      ORDER BY b.id`,
    ).all();
    return rows.map((r) => r.id);
  });
}
