import type { Db } from "../database.js";
import { statement } from "../statement.js";
import { onConnection } from "../transaction.js";

/** Judgments collected on one chat platform through Pairwise. */
export interface CollectedSource {
  platform: string;
  judgments: number;
  annotators: number;
  /** Judgments of gold items (checks injected among regular work, or due by schedule). */
  gold: number;
  /** Judgments of calibration items (qualification gate, calibration rounds). */
  calibration: number;
  /** Judgments shown with a recorded (randomized) display order. */
  withDisplayOrder: number;
  first: number;
  last: number;
}

/** Judgments that arrived with an imported file (PandaLM's three annotators' labels). */
export interface ImportedSource {
  file: string;
  format: string;
  importedAt: number;
  judgments: number;
  annotators: string[];
}

/** Items by the file they were imported from. */
export interface ItemSource {
  file: string | null;
  format: string | null;
  importedAt: number | null;
  items: number;
}

/** Where a campaign's judgments came from, platform by platform. */
export function collectedSources(db: Db, campaignId: number): Promise<CollectedSource[]> {
  return onConnection(db, () =>
    statement<[number], CollectedSource>(
      db,
      `SELECT a.platform, count(*) AS judgments, count(DISTINCT j.annotator_id) AS annotators,
              coalesce(sum(CASE WHEN j.kind = 'gold' THEN 1 ELSE 0 END), 0) AS gold,
              coalesce(sum(CASE WHEN j.kind = 'calibration' THEN 1 ELSE 0 END), 0) AS calibration,
              coalesce(sum(CASE WHEN j.display_order IS NOT NULL THEN 1 ELSE 0 END), 0) AS "withDisplayOrder",
              min(j.created_at) AS first, max(j.created_at) AS last
       FROM judgments j JOIN annotators a ON a.id = j.annotator_id
       WHERE j.campaign_id = ? AND j.source = 'platform' GROUP BY a.platform ORDER BY judgments DESC, a.platform`,
    ).all(campaignId),
  );
}

/** The imported judgments of a campaign, by the file they came with. */
export function importedSources(db: Db, campaignId: number): Promise<ImportedSource[]> {
  return onConnection(db, async () => {
    const rows = await statement<[number], Omit<ImportedSource, "annotators"> & { batchId: number | null }>(
      db,
      `SELECT x.import_batch_id AS "batchId", coalesce(b.file_name, 'an unrecorded import') AS file, coalesce(b.format, 'unknown') AS format,
              coalesce(b.created_at, min(j.created_at)) AS "importedAt", count(*) AS judgments
       FROM judgments j JOIN comparisons x ON x.id = j.comparison_id
       LEFT JOIN import_batches b ON b.id = x.import_batch_id
       WHERE j.campaign_id = ? AND j.source = 'import' GROUP BY x.import_batch_id, b.file_name, b.format, b.created_at
       ORDER BY "importedAt", x.import_batch_id NULLS FIRST`,
    ).all(campaignId);
    // The annotators of each file, gathered here rather than by the database (group_concat is SQLite's, string_agg PostgreSQL's).
    const names = await statement<[number], { batchId: number | null; name: string }>(
      db,
      `SELECT DISTINCT x.import_batch_id AS "batchId", a.user_id AS name
       FROM judgments j JOIN comparisons x ON x.id = j.comparison_id JOIN annotators a ON a.id = j.annotator_id
       WHERE j.campaign_id = ? AND j.source = 'import'`,
    ).all(campaignId);
    const byBatch = new Map<number | null, string[]>();
    for (const { batchId, name } of names) {
      const list = byBatch.get(batchId);
      if (list) list.push(name);
      else byBatch.set(batchId, [name]);
    }
    return rows.map(({ batchId, ...r }) => ({ ...r, annotators: (byBatch.get(batchId) ?? []).sort() }));
  });
}

/** A campaign's items by the file they came from. */
export function itemSources(db: Db, campaignId: number): Promise<ItemSource[]> {
  return onConnection(db, () =>
    statement<[number], ItemSource>(
      db,
      `SELECT b.file_name AS file, b.format, b.created_at AS "importedAt", count(*) AS items
       FROM comparisons x LEFT JOIN import_batches b ON b.id = x.import_batch_id
       WHERE x.campaign_id = ? AND x.kind = 'regular' GROUP BY x.import_batch_id, b.file_name, b.format, b.created_at
       ORDER BY x.import_batch_id NULLS FIRST`,
    ).all(campaignId),
  );
}

/** Evidence that a quality control ran in a campaign: what was done, counted. */
export interface ControlEvidence {
  peerReviews: number;
  peerDisagreements: number;
  flaggedJudgments: number;
  adjudicated: number;
  calibrationRounds: number;
  /** Platform annotators who are qualified now (passed a calibration). */
  qualified: number;
}

export function controlEvidence(db: Db, campaignId: number): Promise<ControlEvidence> {
  return onConnection(db, async () => {
    const n = async (sql: string) => (await statement<[number], { n: number | null }>(db, sql).get(campaignId))?.n ?? 0;
    return {
      peerReviews: await n("SELECT count(*) AS n FROM peer_reviews WHERE campaign_id = ? AND status IN ('agreed', 'disagreed')"),
      peerDisagreements: await n("SELECT count(*) AS n FROM peer_reviews WHERE campaign_id = ? AND status = 'disagreed'"),
      flaggedJudgments: await n(
        "SELECT count(DISTINCT f.judgment_id) AS n FROM judgment_flags f JOIN judgments j ON j.id = f.judgment_id WHERE j.campaign_id = ?",
      ),
      adjudicated: await n("SELECT count(*) AS n FROM adjudications WHERE campaign_id = ? AND status = 'resolved'"),
      calibrationRounds: await n("SELECT count(*) AS n FROM calibration_rounds WHERE campaign_id = ? AND status = 'closed'"),
      qualified: await n(
        "SELECT count(DISTINCT a.id) AS n FROM judgments j JOIN annotators a ON a.id = j.annotator_id WHERE j.campaign_id = ? AND j.source = 'platform' AND a.status = 'qualified'",
      ),
    };
  });
}

/** Guideline versions, the models compared, and the time span of a campaign's judgments. */
export function campaignFacts(db: Db, campaignId: number): Promise<{ versions: { version: number; text: string; createdAt: number }[]; models: string[] }> {
  return onConnection(db, async () => {
    const versions = await statement<[number], { version: number; text: string; createdAt: number }>(
      db,
      'SELECT version, text, created_at AS "createdAt" FROM guideline_versions WHERE campaign_id = ? ORDER BY version',
    ).all(campaignId);
    // Sorted here: PostgreSQL's ORDER BY follows the database's collation, SQLite's compares bytes.
    const models = (
      await statement<[number, number], { m: string }>(
        db,
        "SELECT DISTINCT m FROM (SELECT model_a AS m FROM comparisons WHERE campaign_id = ? UNION SELECT model_b FROM comparisons WHERE campaign_id = ?) AS models WHERE m IS NOT NULL",
      ).all(campaignId, campaignId)
    )
      .map((r) => r.m)
      .sort()
      .slice(0, 50);
    return { versions, models };
  });
}
