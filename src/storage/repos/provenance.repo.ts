import type { Db } from "../database.js";
import { prepared } from "../prepared.js";
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
  return onConnection(db, () => {
    return prepared<[number], CollectedSource>(
      db,
      `SELECT a.platform, count(*) AS judgments, count(DISTINCT j.annotator_id) AS annotators, coalesce(sum(j.kind = 'gold'), 0) AS gold,
              coalesce(sum(j.kind = 'calibration'), 0) AS calibration, coalesce(sum(j.display_order IS NOT NULL), 0) AS withDisplayOrder,
              min(j.created_at) AS first, max(j.created_at) AS last
       FROM judgments j JOIN annotators a ON a.id = j.annotator_id
       WHERE j.campaign_id = ? AND j.source = 'platform' GROUP BY a.platform ORDER BY judgments DESC`,
    ).all(campaignId);
  });
}

/** The imported judgments of a campaign, by the file they came with. */
export function importedSources(db: Db, campaignId: number): Promise<ImportedSource[]> {
  return onConnection(db, () => {
    const rows = prepared<[number], Omit<ImportedSource, "annotators"> & { names: string }>(
      db,
      `SELECT coalesce(b.file_name, 'an unrecorded import') AS file, coalesce(b.format, 'unknown') AS format, coalesce(b.created_at, min(j.created_at)) AS importedAt,
              count(*) AS judgments, group_concat(DISTINCT a.user_id) AS names
       FROM judgments j JOIN comparisons x ON x.id = j.comparison_id JOIN annotators a ON a.id = j.annotator_id
       LEFT JOIN import_batches b ON b.id = x.import_batch_id
       WHERE j.campaign_id = ? AND j.source = 'import' GROUP BY x.import_batch_id ORDER BY importedAt`,
    ).all(campaignId);
    return rows.map(({ names, ...r }) => ({ ...r, annotators: names.split(",").sort() }));
  });
}

/** A campaign's items by the file they came from. */
export function itemSources(db: Db, campaignId: number): Promise<ItemSource[]> {
  return onConnection(db, () => {
    return prepared<[number], ItemSource>(
      db,
      `SELECT b.file_name AS file, b.format, b.created_at AS importedAt, count(*) AS items
       FROM comparisons x LEFT JOIN import_batches b ON b.id = x.import_batch_id
       WHERE x.campaign_id = ? AND x.kind = 'regular' GROUP BY x.import_batch_id ORDER BY x.import_batch_id`,
    ).all(campaignId);
  });
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
  return onConnection(db, () => {
    const n = (sql: string) => prepared<[number], { n: number | null }>(db, sql).get(campaignId)!.n ?? 0;
    return {
      peerReviews: n("SELECT count(*) AS n FROM peer_reviews WHERE campaign_id = ? AND status IN ('agreed', 'disagreed')"),
      peerDisagreements: n("SELECT count(*) AS n FROM peer_reviews WHERE campaign_id = ? AND status = 'disagreed'"),
      flaggedJudgments: n("SELECT count(DISTINCT f.judgment_id) AS n FROM judgment_flags f JOIN judgments j ON j.id = f.judgment_id WHERE j.campaign_id = ?"),
      adjudicated: n("SELECT count(*) AS n FROM adjudications WHERE campaign_id = ? AND status = 'resolved'"),
      calibrationRounds: n("SELECT count(*) AS n FROM calibration_rounds WHERE campaign_id = ? AND status = 'closed'"),
      qualified: n(
        "SELECT count(DISTINCT a.id) AS n FROM judgments j JOIN annotators a ON a.id = j.annotator_id WHERE j.campaign_id = ? AND j.source = 'platform' AND a.status = 'qualified'",
      ),
    };
  });
}

/** Guideline versions, the models compared, and the time span of a campaign's judgments. */
export function campaignFacts(db: Db, campaignId: number): Promise<{ versions: { version: number; text: string; createdAt: number }[]; models: string[] }> {
  return onConnection(db, () => {
    const versions = prepared<[number], { version: number; text: string; createdAt: number }>(
      db,
      "SELECT version, text, created_at AS createdAt FROM guideline_versions WHERE campaign_id = ? ORDER BY version",
    ).all(campaignId);
    const models = prepared<[number, number], { m: string }>(
      db,
      "SELECT DISTINCT m FROM (SELECT model_a AS m FROM comparisons WHERE campaign_id = ? UNION SELECT model_b FROM comparisons WHERE campaign_id = ?) WHERE m IS NOT NULL ORDER BY m LIMIT 50",
    )
      .all(campaignId, campaignId)
      .map((r) => r.m);
    return { versions, models };
  });
}
