import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { snapshotsMadeBefore } from "../../storage/repos/snapshots.repo.js";
import type { ServiceContext } from "../context.js";

/** What removing old snapshots' files did (or, with `dryRun`, would do). */
export interface PruneResult {
  /** Snapshots whose folder under the snapshots folder was (or would be) removed. */
  removed: { id: string; campaign: string; bytes: number }[];
  /** Bytes those folders held (the export, its QA reports and its card). */
  bytes: number;
  /** Exports written by `pairwise export --out …` elsewhere: the user's files, never touched. */
  elsewhere: number;
  /** Snapshots whose files were already gone. */
  alreadyGone: number;
}

/**
 * Removes the files of the snapshots made before `before` that live in the API's snapshots folder
 * (`<snapshotsDir>/<snapshot id>/`): the export, its QA reports and its dataset card. Each
 * snapshot's record stays (id, SHA-256, size, options, agreement, outcomes), so a model trained on
 * it can still be traced to it; its files answer 404 from then on. Files a person exported with
 * `pairwise export --out` elsewhere are theirs and are left alone.
 */
export async function pruneSnapshotFiles(ctx: ServiceContext, input: { snapshotsDir: string; before: Date; dryRun?: boolean }): Promise<PruneResult> {
  const root = resolve(input.snapshotsDir);
  const result: PruneResult = { removed: [], bytes: 0, elsewhere: 0, alreadyGone: 0 };
  for (const s of await snapshotsMadeBefore(ctx.db, input.before.getTime())) {
    const folder = dirname(resolve(s.path));
    // Only a snapshot's own folder directly under the snapshots folder, named by its id.
    if (relative(root, folder) !== s.publicId) {
      result.elsewhere++;
      continue;
    }
    if (!existsSync(folder)) {
      result.alreadyGone++;
      continue;
    }
    const bytes = folderBytes(folder);
    if (!input.dryRun) rmSync(folder, { recursive: true, force: true });
    result.removed.push({ id: s.publicId, campaign: s.campaign, bytes });
    result.bytes += bytes;
  }
  return result;
}

function folderBytes(folder: string): number {
  let total = 0;
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    const stat = statSync(path);
    total += stat.isDirectory() ? folderBytes(path) : stat.size;
  }
  return total;
}
