import type { Db } from "../database.js";
import { statement } from "../statement.js";
import { onConnection } from "../transaction.js";

/*
 * An annotator's standing: the status the quality checks move (qualified, needs_calibration) and
 * `calibrated_at`, the start of the window their gold and calibration answers count from.
 */

/** When an annotator's current gold and calibration window started (epoch ms; undefined before any calibration, or for no such annotator). */
export function calibratedAtOf(db: Db, annotatorId: number): Promise<number | undefined> {
  return onConnection(
    db,
    async () =>
      (await statement<[number], { at: number | null }>(db, "SELECT calibrated_at AS at FROM annotators WHERE id = ?").get(annotatorId))?.at ?? undefined,
  );
}

/** Moves a new or qualified annotator to needs_calibration (gold accuracy fell); false when their status was something else. */
export function flagForCalibration(db: Db, annotatorId: number): Promise<boolean> {
  return onConnection(
    db,
    async () =>
      (await statement<[number]>(db, "UPDATE annotators SET status = 'needs_calibration' WHERE id = ? AND status IN ('new', 'qualified')").run(annotatorId)) ===
      1,
  );
}

/**
 * Moves a new or qualified annotator to needs_calibration and starts their window afresh at `at`
 * (their figures drifted); false when their status was something else.
 */
export function flagForRecalibration(db: Db, annotatorId: number, at: number): Promise<boolean> {
  return onConnection(
    db,
    async () =>
      (await statement<[number, number]>(
        db,
        "UPDATE annotators SET status = 'needs_calibration', calibrated_at = ? WHERE id = ? AND status IN ('new', 'qualified')",
      ).run(at, annotatorId)) > 0,
  );
}

/**
 * Records a calibration's outcome: the annotator becomes `status` (unless suspended) and their
 * window starts afresh at `at`. True when the status changed.
 */
export function recordCalibrationOutcome(db: Db, annotatorId: number, status: "qualified" | "needs_calibration", at: number): Promise<boolean> {
  return onConnection(db, async () => {
    const changed =
      (await statement<[string, number, string]>(db, "UPDATE annotators SET status = ? WHERE id = ? AND status <> ? AND status <> 'suspended'").run(
        status,
        annotatorId,
        status,
      )) > 0;
    await statement<[number, number]>(db, "UPDATE annotators SET calibrated_at = ? WHERE id = ?").run(at, annotatorId);
    return changed;
  });
}

/** Who an annotator is, for telling leads about them. */
export interface AnnotatorIdentityRecord {
  id: number;
  platform: string;
  workspaceId: string;
  userId: string;
  displayName: string | null;
}

export function annotatorIdentityById(db: Db, annotatorId: number): Promise<AnnotatorIdentityRecord | undefined> {
  return onConnection(db, () =>
    statement<[number], AnnotatorIdentityRecord>(
      db,
      'SELECT id, platform, workspace_id AS "workspaceId", user_id AS "userId", display_name AS "displayName" FROM annotators WHERE id = ?',
    ).get(annotatorId),
  );
}
