import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { fmt, nowMs, percentile } from "./stats-util.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

function medianMs(args: string[], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const started = nowMs();
    const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: "ignore" });
    if (result.status !== 0) throw new Error(`node ${args.join(" ")} exited ${result.status}`);
    if (i >= 2) times.push(nowMs() - started); // two warm-up runs fill the OS file cache
  }
  return percentile(
    times.sort((a, b) => a - b),
    50,
  );
}

/**
 * The CLI's start: `pairwise --help` through the installed bin (compiled code, commands loaded on
 * use) against a bare `node -e 0`, medians of runs taken in turn. Builds dist/ first if missing.
 */
export function runCliStartBench(print: (line: string) => void, runs = 15): { ratio: number } {
  if (!existsSync(`${ROOT}dist/src/cli/index.js`)) spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: "ignore" });
  const bare = medianMs(["-e", "0"], runs);
  const help = medianMs(["bin/pairwise.js", "--help"], runs);
  const ratio = help / bare;
  print(`pairwise --help: ${fmt(help, 0)} ms, node -e 0: ${fmt(bare, 0)} ms (medians of ${runs}) = ${fmt(ratio, 1)}× a bare node start`);
  return { ratio };
}
