import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Staging folders are `<OS temp>/pairwise-import-<random>`, each holding `owner.pid`. */
const PREFIX = "pairwise-import-";
const OWNER_FILE = "owner.pid";
/** A folder without its owner file this old is not one being set up right now. */
const UNMARKED_GRACE_MS = 60_000;

/**
 * A private folder for one import's staging files (a large import's can take hundreds of MB),
 * marked with this process's id so {@link removeStaleStaging} can tell it from a dead one's.
 * The caller removes it when done.
 */
export function createStagingDir(): string {
  const dir = mkdtempSync(join(tmpdir(), PREFIX));
  writeFileSync(join(dir, OWNER_FILE), String(process.pid));
  return dir;
}

/** Whether a process with this id runs on this machine (someone else's counts). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is someone else's.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes the staging folders of imports whose process died (a kill -9 or a power cut mid-import
 * left them, one as large as the file's rows), and returns their paths. Folders of imports still
 * running, in this process or another, are left alone. Runs when the bot starts and before each
 * CLI import; a folder it cannot remove (another user's) is skipped.
 */
export function removeStaleStaging(now = Date.now()): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(PREFIX)) continue;
    const dir = join(tmpdir(), name);
    try {
      let owner: number | undefined;
      try {
        owner = Number.parseInt(readFileSync(join(dir, OWNER_FILE), "utf8"), 10);
      } catch {
        if (now - statSync(dir).mtimeMs < UNMARKED_GRACE_MS) continue;
      }
      if (owner !== undefined && Number.isInteger(owner) && owner > 0 && isProcessAlive(owner)) continue;
      rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // Gone already, or not ours to remove.
    }
  }
  return removed;
}
