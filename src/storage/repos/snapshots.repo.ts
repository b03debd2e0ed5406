import type { Db } from "../database.js";
import { statement } from "../statement.js";
import { onConnection } from "../transaction.js";

export interface SnapshotRow {
  id: number;
  publicId: string;
  campaignId: number;
  format: string;
  options: string;
  sha256: string;
  bytes: number;
  rows: number;
  items: number;
  agreement: number | null;
  path: string;
  createdAt: number;
}

const COLUMNS =
  's.id, s.public_id AS "publicId", s.campaign_id AS "campaignId", s.format, s.options, s.sha256, s.bytes, s.rows, s.items, s.agreement, s.path, s.created_at AS "createdAt"';

export function insertSnapshot(db: Db, s: Omit<SnapshotRow, "id" | "createdAt"> & { now: number }): Promise<SnapshotRow> {
  return onConnection(db, async () => {
    const row = await statement<[string, number, string, string, string, number, number, number, number | null, string, number], SnapshotRow>(
      db,
      `INSERT INTO snapshots (public_id, campaign_id, format, options, sha256, bytes, rows, items, agreement, path, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${COLUMNS.replace(/\bs\./g, "")}`,
    ).get(s.publicId, s.campaignId, s.format, s.options, s.sha256, s.bytes, s.rows, s.items, s.agreement, s.path, s.now);
    return row!;
  });
}

export function findSnapshot(db: Db, publicId: string): Promise<{ row: SnapshotRow; campaign: string } | undefined> {
  return onConnection(db, async () => {
    const raw = await statement<[string], SnapshotRow & { campaign: string }>(
      db,
      `SELECT ${COLUMNS}, c.name AS campaign FROM snapshots s JOIN campaigns c ON c.id = s.campaign_id WHERE s.public_id = ?`,
    ).get(publicId);
    if (!raw) return undefined;
    const { campaign, ...row } = raw;
    return { row, campaign };
  });
}

export function listSnapshots(db: Db, campaignId: number): Promise<SnapshotRow[]> {
  return onConnection(db, () =>
    statement<[number], SnapshotRow>(db, `SELECT ${COLUMNS} FROM snapshots s WHERE s.campaign_id = ? ORDER BY s.id`).all(campaignId),
  );
}

export interface OutcomeRow {
  id: number;
  snapshotId: number;
  snapshotPublicId: string;
  model: string;
  benchmark: string;
  metric: string;
  value: number;
  notes: string | null;
  createdAt: number;
}

export function insertOutcome(
  db: Db,
  o: { campaignId: number; snapshotId: number; model: string; benchmark: string; metric: string; value: number; notes: string | null; now: number },
): Promise<Omit<OutcomeRow, "snapshotPublicId">> {
  return onConnection(db, async () => {
    const row = await statement<[number, number, string, string, string, number, string | null, number], Omit<OutcomeRow, "snapshotPublicId">>(
      db,
      'INSERT INTO outcomes (campaign_id, snapshot_id, model, benchmark, metric, value, notes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, snapshot_id AS "snapshotId", model, benchmark, metric, value, notes, created_at AS "createdAt"',
    ).get(o.campaignId, o.snapshotId, o.model, o.benchmark, o.metric, o.value, o.notes, o.now);
    return row!;
  });
}

export function outcomesOfCampaign(db: Db, campaignId: number): Promise<OutcomeRow[]> {
  return onConnection(db, () =>
    statement<[number], OutcomeRow>(
      db,
      `SELECT o.id, o.snapshot_id AS "snapshotId", s.public_id AS "snapshotPublicId", o.model, o.benchmark, o.metric, o.value, o.notes, o.created_at AS "createdAt"
     FROM outcomes o JOIN snapshots s ON s.id = o.snapshot_id WHERE o.campaign_id = ? ORDER BY o.snapshot_id, o.id`,
    ).all(campaignId),
  );
}

// --- Snapshots made before a time, for removing their files ---

/** The snapshots made before `before` (epoch ms), oldest first, with their campaign's name. */
export function snapshotsMadeBefore(db: Db, before: number): Promise<(SnapshotRow & { campaign: string })[]> {
  return onConnection(db, () =>
    statement<[number], SnapshotRow & { campaign: string }>(
      db,
      `SELECT ${COLUMNS}, c.name AS campaign FROM snapshots s JOIN campaigns c ON c.id = s.campaign_id WHERE s.created_at < ? ORDER BY s.id`,
    ).all(before),
  );
}
