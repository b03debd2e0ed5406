import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The package's root folder, the one holding package.json. The code runs from two places, the
 * TypeScript sources (`src/`, under tsx in development and tests) and the compiled build
 * (`dist/src/`, what `npm start` and the `pairwise` bin run), so files shipped beside the code
 * (migrations, the demo campaign) are found from here rather than by a fixed number of `..`.
 */
export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}: the Pairwise install is incomplete`);
  }
}

/** Where the API keeps its snapshots' files: `snapshots/` beside the database file (a temporary folder for `:memory:`). */
export function snapshotsDirOf(databasePath: string): string {
  return databasePath === ":memory:" ? join(tmpdir(), "pairwise-snapshots") : join(dirname(databasePath), "snapshots");
}
