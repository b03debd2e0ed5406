import { annotatorKey } from "../../domain/annotator-identity.js";
import type { Db } from "../database.js";
import { statement, type Statement } from "../statement.js";
import type { annotators } from "../schema/index.js";
import { onConnection } from "../transaction.js";

export type AnnotatorRow = typeof annotators.$inferSelect;

export interface AnnotatorIdentity {
  platform: string;
  workspaceId: string;
  userId: string;
  displayName?: string | undefined;
}

/** An annotators row as the driver gives it. */
export interface RawAnnotator {
  id: number;
  platform: string;
  workspace_id: string;
  user_id: string;
  display_name: string | null;
  status: AnnotatorRow["status"];
  /** 0/1 on SQLite, a boolean on PostgreSQL. */
  leaderboard_opt_out: number | boolean;
  created_at: number;
  calibrated_at: number | null;
}

export const toRow = (r: RawAnnotator): AnnotatorRow => ({
  id: r.id,
  platform: r.platform,
  workspaceId: r.workspace_id,
  userId: r.user_id,
  displayName: r.display_name,
  status: r.status,
  leaderboardOptOut: r.leaderboard_opt_out === 1 || r.leaderboard_opt_out === true,
  createdAt: new Date(r.created_at),
  calibratedAt: r.calibrated_at === null ? null : new Date(r.calibrated_at),
});

type FindParams = [platform: string, workspaceId: string, userId: string];
type InsertParams = [platform: string, workspaceId: string, userId: string, displayName: string | null, createdAt: number];

/** The statements of the hot path (an annotator is looked up on every event), compiled once per database. */
interface Statements {
  find: Statement<FindParams, RawAnnotator>;
  insert: Statement<InsertParams, RawAnnotator>;
}

const cache = new WeakMap<Db, Statements>();

function statements(db: Db): Statements {
  let s = cache.get(db);
  if (!s) {
    s = {
      find: statement<FindParams, RawAnnotator>(db, "SELECT * FROM annotators WHERE platform = ? AND workspace_id = ? AND user_id = ?"),
      insert: statement<InsertParams, RawAnnotator>(
        db,
        `INSERT INTO annotators (platform, workspace_id, user_id, display_name, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (platform, workspace_id, user_id) DO UPDATE SET display_name = coalesce(excluded.display_name, annotators.display_name)
         RETURNING *`,
      ),
    };
    cache.set(db, s);
  }
  return s;
}

/** Looks an annotator up by identity without creating one (one Discord user is one annotator, whatever the server). */
export function findAnnotator(db: Db, identity: AnnotatorIdentity): Promise<AnnotatorRow | undefined> {
  return onConnection(db, () => findAnnotatorNow(db, identity));
}

/** {@link findAnnotator} as part of another repo function's step. */
async function findAnnotatorNow(db: Db, identity: AnnotatorIdentity): Promise<AnnotatorRow | undefined> {
  const who = annotatorKey(identity);
  const raw = await statements(db).find.get(who.platform, who.workspaceId, who.userId);
  return raw ? toRow(raw) : undefined;
}

/** Returns the annotator for this identity, creating it on first sight (a hot path: one indexed lookup). */
export function ensureAnnotator(db: Db, identity: AnnotatorIdentity, now: Date): Promise<AnnotatorRow> {
  return onConnection(db, () => ensureAnnotatorNow(db, identity, now));
}

/** {@link ensureAnnotator} as part of another repo function's step. */
export async function ensureAnnotatorNow(db: Db, identity: AnnotatorIdentity, now: Date): Promise<AnnotatorRow> {
  const who = annotatorKey(identity);
  const found = await findAnnotatorNow(db, who);
  if (found && (who.displayName === undefined || found.displayName === who.displayName)) return found;
  const raw = await statements(db).insert.get(who.platform, who.workspaceId, who.userId, who.displayName ?? null, now.getTime());
  return toRow(raw!);
}

/** The identity of every annotator who judged in a campaign, by annotator id. */
export function campaignAnnotators(db: Db, campaignId: number): Promise<Map<number, AnnotatorRow>> {
  return onConnection(db, async () => {
    const rows = await statement<[number], RawAnnotator>(
      db,
      "SELECT * FROM annotators WHERE id IN (SELECT DISTINCT annotator_id FROM judgments WHERE campaign_id = ?)",
    ).all(campaignId);
    return new Map(rows.map((r) => [r.id, toRow(r)]));
  });
}

/**
 * The annotators who worked in a campaign (an assignment or a judgment there) whose user id or
 * display name is `key` (case-insensitive for names), optionally on one platform: how a lead's
 * command names a person. A lead's reach ends at the campaign they lead.
 */
export function annotatorsInCampaignMatching(db: Db, campaignId: number, key: string, platform?: string): Promise<AnnotatorRow[]> {
  return onConnection(db, async () => {
    const rows = await statement<[{ key: string; platform: string | null; campaign: number }], RawAnnotator>(
      db,
      `SELECT a.* FROM annotators a
       WHERE (a.user_id = @key OR lower(a.display_name) = lower(@key))
         -- PostgreSQL cannot infer a type for a parameter only tested for NULL: the CAST names it.
         AND (CAST(@platform AS TEXT) IS NULL OR a.platform = CAST(@platform AS TEXT))
         AND (EXISTS (SELECT 1 FROM assignments s WHERE s.annotator_id = a.id AND s.campaign_id = @campaign)
              OR EXISTS (SELECT 1 FROM judgments j WHERE j.annotator_id = a.id AND j.campaign_id = @campaign))
       ORDER BY a.id`,
    ).all({ key, platform: platform ?? null, campaign: campaignId });
    return rows.map(toRow);
  });
}

/** Sets an annotator's status and starts their calibration and gold windows afresh from `at`. */
export function restartAnnotator(db: Db, annotatorId: number, status: AnnotatorRow["status"], at: Date): Promise<void> {
  return onConnection(db, async () => {
    await statement<[AnnotatorRow["status"], number, number]>(db, "UPDATE annotators SET status = ?, calibrated_at = ? WHERE id = ?").run(
      status,
      at.getTime(),
      annotatorId,
    );
  });
}

/** Every annotator's identity and display name (for naming them to leads). */
export function annotatorNames(db: Db): Promise<AnnotatorName[]> {
  return onConnection(db, () =>
    statement<[], AnnotatorName>(
      db,
      'SELECT platform, workspace_id AS "workspaceId", user_id AS "userId", display_name AS "displayName" FROM annotators ORDER BY id',
    ).all(),
  );
}

/** An annotator's identity and display name, as `annotatorNames` lists them. */
interface AnnotatorName {
  platform: string;
  workspaceId: string;
  userId: string;
  displayName: string | null;
}
