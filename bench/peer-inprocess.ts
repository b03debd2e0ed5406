import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { readRatingsFile } from "../src/cli/read-table-file.js";
import { readLabelings } from "../src/cli/read-labelings.js";
import { dawidSkene, krippendorffAlpha, perAnnotatorAgreement } from "../src/stats/index.js";
import type { PeerFiles } from "./peer-data.js";
import type { PeerTools } from "./peer-tools.js";
import { nowMs } from "./stats-util.js";

const best = <T>(fn: () => T): { ms: number; result: T } => {
  let ms = Infinity;
  let result!: T;
  for (let r = 0; r < 3; r++) {
    const start = nowMs();
    result = fn();
    ms = Math.min(ms, nowMs() - start);
  }
  return { ms, result };
};

/**
 * The in-process figures the issue named, best of 3: reading the 200,000 × 5 ratings CSV and
 * Krippendorff's alpha on it (beside pandas and vectorised numpy when installed), Dawid-Skene on
 * 50,000 × 3, and per-annotator agreement at 50 and 800 annotators over the same 150,000 judgments
 * (linear in judgments: the two should take about the same time).
 */
export function runInProcessBench(files: PeerFiles, tools: PeerTools, peersDir: string, print: (line: string) => void): void {
  const read = best(() => readRatingsFile(files.ratings));
  const alpha = best(() => krippendorffAlpha(read.result.units, { level: "ordinal", categories: [1, 2, 3, 4, 5] }));
  let python: { read_ms: number; alpha_ms: number } | undefined;
  if (tools.python) {
    const run = spawnSync(tools.python, [join(peersDir, "inprocess.py"), files.ratings], { encoding: "utf8", cwd: peersDir });
    if (run.status === 0) python = JSON.parse(run.stdout) as { read_ms: number; alpha_ms: number };
  }
  const beside = (ours: number, theirs: number | undefined, who: string) =>
    theirs === undefined ? "" : ` (${who} ${theirs.toFixed(0)} ms: ${(ours / theirs).toFixed(2)}×)`;
  print(`read the 200,000 × 5 ratings CSV: ${read.ms.toFixed(0)} ms${beside(read.ms, python?.read_ms, "pandas.read_csv")}`);
  print(`krippendorff alpha (ordinal) on it: ${alpha.ms.toFixed(0)} ms${beside(alpha.ms, python?.alpha_ms, "vectorised numpy")}`);
  const three = readLabelings(files.labelsThree);
  const ds = best(() => dawidSkene(three));
  print(`dawid-skene, 50,000 × 3: ${ds.ms.toFixed(0)} ms, ${ds.result.iterations} iterations (${(ds.ms / ds.result.iterations).toFixed(1)} ms each)`);
  const many = readLabelings(files.labelsMany);
  const fifty = many.map((l) => ({ ...l, annotator: `u${Number(l.annotator.slice(1)) % 50}` }));
  const at50 = best(() => perAnnotatorAgreement(fifty, { categories: ["a", "b"] }));
  const at800 = best(() => perAnnotatorAgreement(many, { categories: ["a", "b"] }));
  print(
    `per-annotator agreement, 150,000 judgments: 50 annotators ${at50.ms.toFixed(0)} ms, 800 annotators ${at800.ms.toFixed(0)} ms (${(at800.ms / at50.ms).toFixed(2)}×)`,
  );
}
