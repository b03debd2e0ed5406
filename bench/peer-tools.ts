import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { nowMs } from "./stats-util.js";

/** What is installed to compare with: a Python with the scientific stack, R with BradleyTerry2. */
export interface PeerTools {
  python?: string;
  pythonModules: Set<string>;
  rscript?: string;
  missing: string[];
}

const PYTHON_MODULES = ["numpy", "pandas", "sklearn", "statsmodels", "scipy"];

const runs = (cmd: string, args: string[]) => spawnSync(cmd, args, { encoding: "utf8", timeout: 120_000 }).status === 0;

/**
 * Finds the peers: the first Python (PAIRWISE_BENCH_PYTHON, python3, /usr/bin/python3) that has
 * numpy and pandas, which of scikit-learn, statsmodels and scipy it has, and Rscript with
 * BradleyTerry2. Debian: apt-get install python3-pandas python3-sklearn python3-statsmodels r-cran-bradleyterry2.
 */
export function findPeerTools(): PeerTools {
  const candidates = [process.env.PAIRWISE_BENCH_PYTHON, "python3", "/usr/bin/python3"].filter((c): c is string => Boolean(c));
  const python = candidates.find((c) => runs(c, ["-c", "import numpy, pandas"]));
  const pythonModules = new Set(python ? PYTHON_MODULES.filter((m) => runs(python, ["-c", `import ${m}`])) : []);
  const rscript = runs("Rscript", ["-e", "suppressPackageStartupMessages(library(BradleyTerry2))"]) ? "Rscript" : undefined;
  const missing = [
    ...(python ? PYTHON_MODULES.filter((m) => !pythonModules.has(m)).map((m) => `python ${m}`) : ["a Python with numpy and pandas"]),
    ...(rscript ? [] : ["R with BradleyTerry2"]),
  ];
  return { ...(python ? { python } : {}), pythonModules, ...(rscript ? { rscript } : {}), missing };
}

/** A command's whole-process wall time (median of `repeats`) and its last output; throws when it fails. */
export function timeProcess(cmd: string, args: string[], repeats: number, env: Record<string, string> = {}): { ms: number; out: string } {
  const times: number[] = [];
  let out = "";
  for (let r = 0; r < repeats; r++) {
    const start = nowMs();
    const result = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 256 * 1024 * 1024, env: { ...process.env, ...env } });
    times.push(nowMs() - start);
    if (result.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${result.stderr || result.error?.message}`);
    out = result.stdout;
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, out };
}

/**
 * Builds dist/ as `npm run build` does (tsc -p tsconfig.build.json), so the bin times the code of
 * this checkout, not a stale build. Says why when tsc fails.
 */
export function buildCli(repo: string): { ok: true } | { error: string } {
  const result = spawnSync(process.execPath, [join(repo, "node_modules/typescript/bin/tsc"), "-p", join(repo, "tsconfig.build.json")], {
    encoding: "utf8",
    cwd: repo,
  });
  return result.status === 0 ? { ok: true } : { error: (result.stdout || result.stderr || "").split("\n")[0] ?? "" };
}
