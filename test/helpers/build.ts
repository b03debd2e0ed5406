import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const STAMP = join(ROOT, "dist/.tsbuildinfo");
/** Held while one test file builds, so files running in parallel do not build over each other. */
const LOCK = join(ROOT, "dist/.test-build.lock");

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), stat.mtimeMs);
}

function fresh(): boolean {
  const sources = Math.max(...["src", "adapters", "tsconfig.build.json", "tsconfig.json"].map((p) => newestMtime(join(ROOT, p))));
  return existsSync(STAMP) && statSync(STAMP).mtimeMs >= sources;
}

/**
 * Makes sure dist/ holds a build of the current sources, for tests that run what `npm start` and
 * the `pairwise` bin run. `npm ci` builds it; after an edit this rebuilds it, once.
 */
export function ensureBuilt(): void {
  if (fresh()) return;
  mkdirSync(join(ROOT, "dist"), { recursive: true });
  let lock: number;
  try {
    lock = openSync(LOCK, "wx");
  } catch {
    // Another test file is building: wait for it (a lock older than 5 minutes is a dead build's).
    while (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs < 300_000) spawnSync("sleep", ["0.2"]);
    rmSync(LOCK, { force: true });
    return ensureBuilt();
  }
  try {
    if (fresh()) return;
    const result = spawnSync("npm", ["run", "build"], { cwd: ROOT, encoding: "utf8" });
    if (result.status !== 0) throw new Error(`npm run build failed:\n${result.stdout}\n${result.stderr}`);
  } finally {
    closeSync(lock);
    rmSync(LOCK, { force: true });
  }
}
