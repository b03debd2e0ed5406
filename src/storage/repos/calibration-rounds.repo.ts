import type { Choice } from "../../domain/choice.js";
import type { Db } from "../database.js";
import { humanJudgment } from "../human-judgments.js";
import { idsIn } from "../id-list.js";
import { statement } from "../statement.js";
import { onConnection } from "../transaction.js";

/** A calibration round: a set of reference items every annotator answers within a window. */
export interface CalibrationRound {
  id: number;
  campaignId: number;
  runKey: string;
  status: "open" | "closed";
  itemIds: number[];
  opensAt: number;
  remindAt: number;
  closesAt: number;
  /** The messages that announced the round, for threads. */
  announcements: { platform: string; channelId: string; messageId: string }[];
}

interface RawRound {
  id: number;
  campaign_id: number;
  run_key: string;
  status: CalibrationRound["status"];
  items: string;
  opens_at: number;
  remind_at: number;
  closes_at: number;
  announcements: string;
}

const toRound = (r: RawRound): CalibrationRound => ({
  id: r.id,
  campaignId: r.campaign_id,
  runKey: r.run_key,
  status: r.status,
  itemIds: JSON.parse(r.items) as number[],
  opensAt: r.opens_at,
  remindAt: r.remind_at,
  closesAt: r.closes_at,
  announcements: JSON.parse(r.announcements) as CalibrationRound["announcements"],
});

export function findRoundByRunKey(db: Db, runKey: string): Promise<CalibrationRound | undefined> {
  return onConnection(db, async () => {
    const raw = await statement<[string], RawRound>(db, "SELECT * FROM calibration_rounds WHERE run_key = ?").get(runKey);
    return raw ? toRound(raw) : undefined;
  });
}

export function findRound(db: Db, id: number): Promise<CalibrationRound | undefined> {
  return onConnection(db, async () => {
    const raw = await statement<[number], RawRound>(db, "SELECT * FROM calibration_rounds WHERE id = ?").get(id);
    return raw ? toRound(raw) : undefined;
  });
}

export function insertRound(
  db: Db,
  round: { campaignId: number; runKey: string; itemIds: readonly number[]; opensAt: number; remindAt: number; closesAt: number },
): Promise<CalibrationRound> {
  return onConnection(db, async () => {
    const raw = await statement<[number, string, string, number, number, number], RawRound>(
      db,
      "INSERT INTO calibration_rounds (campaign_id, run_key, items, opens_at, remind_at, closes_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING *",
    ).get(round.campaignId, round.runKey, JSON.stringify(round.itemIds), round.opensAt, round.remindAt, round.closesAt);
    return toRound(raw!);
  });
}

/** The open round of a campaign this annotator started and has not finished (the newest, if several). */
export function activeRoundOf(db: Db, campaignId: number, annotatorId: number): Promise<CalibrationRound | undefined> {
  return onConnection(db, async () => {
    const raw = await statement<[number, number], RawRound>(
      db,
      "SELECT r.* FROM calibration_rounds r JOIN round_participants p ON p.round_id = r.id WHERE r.campaign_id = ? AND r.status = 'open' AND p.annotator_id = ? AND p.finished_at IS NULL ORDER BY r.id DESC LIMIT 1",
    ).get(campaignId, annotatorId);
    return raw ? toRound(raw) : undefined;
  });
}

export function setRoundAnnouncements(db: Db, roundId: number, refs: CalibrationRound["announcements"]): Promise<void> {
  return onConnection(db, async () => {
    await statement<[string, number]>(db, "UPDATE calibration_rounds SET announcements = ? WHERE id = ?").run(JSON.stringify(refs), roundId);
  });
}

/** Open rounds whose reminder time has come (`remind_at <= now`) and that were not reminded yet nor closed. */
export function roundsDueForReminder(db: Db, now: number): Promise<CalibrationRound[]> {
  return onConnection(db, async () =>
    (
      await statement<[number, number], RawRound>(
        db,
        "SELECT * FROM calibration_rounds WHERE status = 'open' AND reminded = FALSE AND remind_at <= ? AND closes_at > ? ORDER BY id",
      ).all(now, now)
    ).map(toRound),
  );
}

export function markRoundReminded(db: Db, roundId: number): Promise<void> {
  return onConnection(db, async () => {
    await statement<[number]>(db, "UPDATE calibration_rounds SET reminded = TRUE WHERE id = ?").run(roundId);
  });
}

/** Open rounds whose window ended by `now`. */
export function roundsDueToClose(db: Db, now: number): Promise<CalibrationRound[]> {
  return onConnection(db, async () =>
    (await statement<[number], RawRound>(db, "SELECT * FROM calibration_rounds WHERE status = 'open' AND closes_at <= ? ORDER BY id").all(now)).map(toRound),
  );
}

/** Closes an open round; false when it was closed already. */
export function closeRound(db: Db, roundId: number): Promise<boolean> {
  return onConnection(
    db,
    async () => (await statement<[number]>(db, "UPDATE calibration_rounds SET status = 'closed' WHERE id = ? AND status = 'open'").run(roundId)) > 0,
  );
}

/** Stores the summary written at a round's close (as JSON). */
export function setRoundSummary(db: Db, roundId: number, summary: { participants: number; passed: number; splits: string[] }): Promise<void> {
  return onConnection(db, async () => {
    await statement<[string, number]>(db, "UPDATE calibration_rounds SET summary = ? WHERE id = ?").run(JSON.stringify(summary), roundId);
  });
}

/** Records that an annotator started a round (the first start counts). */
export function startRoundParticipation(db: Db, roundId: number, annotatorId: number, at: number): Promise<void> {
  return onConnection(db, async () => {
    // The column is qualified beside `excluded`: PostgreSQL would find a bare `started_at` ambiguous.
    await statement<[number, number, number]>(
      db,
      "INSERT INTO round_participants (round_id, annotator_id, started_at) VALUES (?, ?, ?) ON CONFLICT (round_id, annotator_id) DO UPDATE SET started_at = coalesce(round_participants.started_at, excluded.started_at)",
    ).run(roundId, annotatorId, at);
  });
}

/** Records that an annotator finished a round (the first finish counts). */
export function finishRoundParticipation(db: Db, roundId: number, annotatorId: number, at: number): Promise<void> {
  return onConnection(db, async () => {
    await statement<[number, number, number]>(
      db,
      "UPDATE round_participants SET finished_at = ? WHERE round_id = ? AND annotator_id = ? AND finished_at IS NULL",
    ).run(at, roundId, annotatorId);
  });
}

/** Records an annotator's score in a round at its close. */
export function recordRoundScore(db: Db, score: { roundId: number; annotatorId: number; kappa: number; accuracy: number; passed: boolean }): Promise<void> {
  return onConnection(db, async () => {
    // `passed` is a boolean on PostgreSQL and 0/1 on SQLite: written as a literal, it is right on both.
    await statement<[number, number, number, number]>(
      db,
      `INSERT INTO round_participants (round_id, annotator_id, kappa, accuracy, passed) VALUES (?, ?, ?, ?, ${score.passed ? "TRUE" : "FALSE"}) ON CONFLICT (round_id, annotator_id) DO UPDATE SET kappa = excluded.kappa, accuracy = excluded.accuracy, passed = excluded.passed`,
    ).run(score.roundId, score.annotatorId, score.kappa, score.accuracy);
  });
}

/** Someone to remind of a round. */
export interface RoundInvitee {
  platform: string;
  workspaceId: string;
  userId: string;
  /** They started the round. */
  started: boolean;
}

/**
 * The people who have not finished a round: those who started it, and those active in its
 * campaign since `activeSince` who have not begun. Imported annotators, the AI judge and
 * suspended people are left out.
 */
export function roundInviteesToRemind(
  db: Db,
  round: { id: number; campaignId: number; itemIds: readonly number[] },
  activeSince: number,
): Promise<RoundInvitee[]> {
  return onConnection(db, async () =>
    (
      await statement<
        [{ round: number; campaign: number; active: number; items: string; count: number }],
        { platform: string; workspaceId: string; userId: string; started: number | boolean }
      >(
        db,
        `SELECT a.platform, a.workspace_id AS "workspaceId", a.user_id AS "userId", p.started_at IS NOT NULL AS started
         FROM annotators a LEFT JOIN round_participants p ON p.annotator_id = a.id AND p.round_id = @round
         WHERE a.platform NOT IN ('external', 'ai') AND a.status <> 'suspended'
           AND (SELECT count(*) FROM judgments j WHERE j.annotator_id = a.id AND j.comparison_id IN (${idsIn(db, "@items")})) < @count
           AND (p.started_at IS NOT NULL OR EXISTS (SELECT 1 FROM judgments j WHERE j.annotator_id = a.id AND j.campaign_id = @campaign AND j.created_at >= @active AND ${humanJudgment("j")}))
         ORDER BY a.id`,
      ).all({ round: round.id, campaign: round.campaignId, active: activeSince, items: JSON.stringify(round.itemIds), count: round.itemIds.length })
    ).map((p) => ({ ...p, started: Boolean(p.started) })),
  );
}

/** Someone who answered a round's items. */
export interface RoundRespondent {
  id: number;
  platform: string;
  workspaceId: string;
  userId: string;
  displayName: string | null;
}

/** Every person (not imported, not the AI judge) who answered any of the items. */
export function respondentsOfItems(db: Db, itemIds: readonly number[]): Promise<RoundRespondent[]> {
  return onConnection(db, () =>
    statement<[string], RoundRespondent>(
      db,
      `SELECT a.id, a.platform, a.workspace_id AS "workspaceId", a.user_id AS "userId", a.display_name AS "displayName" FROM annotators a
       WHERE a.platform <> 'external' AND EXISTS (SELECT 1 FROM judgments j WHERE j.annotator_id = a.id AND j.comparison_id IN (${idsIn(db, "?")}) AND ${humanJudgment("j")})
       ORDER BY a.id`,
    ).all(JSON.stringify(itemIds)),
  );
}

/** A round's item as its discussion shows it: the reference with its explanation, and the stored texts. */
export interface RoundItem {
  externalId: string;
  reference: Choice;
  explanation: string | null;
  responseA: string;
  responseB: string;
}

export function roundItem(db: Db, comparisonId: number): Promise<RoundItem | undefined> {
  return onConnection(db, () =>
    statement<[number], RoundItem>(
      db,
      'SELECT external_id AS "externalId", gold_answer AS reference, gold_explanation AS explanation, response_a AS "responseA", response_b AS "responseB" FROM comparisons WHERE id = ?',
    ).get(comparisonId),
  );
}

/** The people's answers on an item (imported annotators and the AI judge left out), oldest first, without who gave them. */
export function peopleAnswersOnItem(db: Db, comparisonId: number): Promise<{ choice: Choice; rationale: string | null }[]> {
  return onConnection(db, () =>
    statement<[number], { choice: Choice; rationale: string | null }>(
      db,
      `SELECT j.choice, j.rationale FROM judgments j JOIN annotators a ON a.id = j.annotator_id WHERE j.comparison_id = ? AND a.platform <> 'external' AND ${humanJudgment("j")} ORDER BY j.id`,
    ).all(comparisonId),
  );
}
