import { seededRandom } from "../src/random.js";
import { bradleyTerry, cohenKappa, dawidSkene, fleissKappa, krippendorffAlpha, type Battle, type Labeling } from "../src/stats/index.js";
import { nowMs } from "./stats-util.js";

function time<T>(fn: () => T): { result: T; ms: number; heapMb: number } {
  const before = process.memoryUsage().heapUsed;
  const start = nowMs();
  const result = fn();
  return { result, ms: nowMs() - start, heapMb: (process.memoryUsage().heapUsed - before) / 1e6 };
}

/**
 * Statistics at scale: 1,000,000 judgments (200,000 units × 5 raters, 10% missing) for
 * Krippendorff's alpha (ordinal) and Fleiss' kappa, plus Cohen, Bradley-Terry and Dawid-Skene.
 */
export async function runStatsBench(print: (line: string) => void): Promise<void> {
  const random = seededRandom(11);
  const units = 200_000;
  const table: (number | null)[][] = new Array(units);
  let judgments = 0;
  for (let u = 0; u < units; u++) {
    const truth = 1 + Math.floor(random() * 5);
    const row: (number | null)[] = [];
    for (let r = 0; r < 5; r++) {
      if (random() < 0.1) row.push(null);
      else {
        judgments++;
        row.push(random() < 0.7 ? truth : 1 + Math.floor(random() * 5));
      }
    }
    table[u] = row;
  }
  const alpha = time(() => krippendorffAlpha(table, { level: "ordinal", categories: [1, 2, 3, 4, 5] }));
  print(
    `krippendorff alpha (ordinal), ${units.toLocaleString("en-US")} units × 5 raters, ${judgments.toLocaleString("en-US")} judgments: ${alpha.ms.toFixed(0)} ms (alpha ${alpha.result.value.toFixed(4)}, heap change ${alpha.heapMb >= 0 ? "+" : ""}${alpha.heapMb.toFixed(0)} MB)`,
  );
  const fleiss = time(() => fleissKappa(table, { categories: [1, 2, 3, 4, 5] }));
  print(`fleiss kappa, same data: ${fleiss.ms.toFixed(0)} ms (kappa ${fleiss.result.value.toFixed(4)})`);
  const cohen = time(() =>
    cohenKappa(
      table.map((row) => [row[0] ?? null, row[1] ?? null]),
      { categories: [1, 2, 3, 4, 5], weighting: "quadratic" },
    ),
  );
  print(`weighted cohen kappa, 200,000 units: ${cohen.ms.toFixed(0)} ms`);

  const models = Array.from({ length: 50 }, (_, i) => `m${i}`);
  const strength = models.map((_, i) => 10 ** (i / 25));
  const battles: Battle[] = Array.from({ length: 100_000 }, () => {
    const i = Math.floor(random() * 50);
    let j = Math.floor(random() * 49);
    if (j >= i) j++;
    const r = random();
    const winner: Battle["winner"] = r < 0.1 ? "tie" : r < 0.1 + 0.9 * (strength[i]! / (strength[i]! + strength[j]!)) ? "model_a" : "model_b";
    return { modelA: models[i]!, modelB: models[j]!, winner };
  });
  const bt = time(() => bradleyTerry(battles, { bootstrap: { samples: 20, seed: 3 } }));
  print(`bradley-terry, 50 models × 100,000 battles with 20 bootstrap fits: ${bt.ms.toFixed(0)} ms`);

  const labelings: Labeling[] = [];
  for (let i = 0; i < 50_000; i++) {
    const truth = random() < 0.5 ? "a" : "b";
    for (let a = 0; a < 3; a++) labelings.push({ annotator: `u${a}`, item: `i${i}`, label: random() < 0.8 ? truth : truth === "a" ? "b" : "a" });
  }
  const ds = time(() => dawidSkene(labelings));
  print(`dawid-skene, 50,000 items × 3 annotators: ${ds.ms.toFixed(0)} ms, ${ds.result.iterations} iterations`);
  print("complexity: alpha O(N + U·d² + K²), fleiss O(U·K), cohen O(N + K²), bradley-terry O(battles + iterations·M²), dawid-skene O(iterations·N·K)");
}

if (import.meta.url === `file://${process.argv[1]}`) await runStatsBench((line) => process.stdout.write(`${line}\n`));
