import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const STAMP = join(ROOT, "dist/.tsbuildinfo");

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), stat.mtimeMs);
}

/**
 * Makes sure dist/ holds a build of the current sources, for tests that run what `npm start` and
 * the `pairwise` bin run. `npm ci` builds it; after an edit this rebuilds it (once).
 */
export function ensureBuilt(): void {
  const sources = Math.max(...["src", "adapters", "tsconfig.build.json", "tsconfig.json"].map((p) => newestMtime(join(ROOT, p))));
  if (existsSync(STAMP) && statSync(STAMP).mtimeMs >= sources) return;
  const result = spawnSync("npm", ["run", "build"], { cwd: ROOT, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`npm run build failed:\n${result.stdout}\n${result.stderr}`);
}
