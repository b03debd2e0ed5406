import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { seededRandom } from "../src/random.js";

/** The input files the CLI and its peers both read, written once per machine (seeded, so every run reads the same). */
export interface PeerFiles {
  /** 200,000 units × 5 raters, ordinal 1–5, 10% missing. */
  ratings: string;
  /** The same without missing cells (statsmodels' Fleiss needs every rater on every unit). */
  ratingsComplete: string;
  /** 200,000 units × 2 raters, for Cohen. */
  ratingsTwo: string;
  /** 50,000 items × 3 labels by 800 annotators, one judgment a row. */
  labelsMany: string;
  /** 50,000 items × 3 annotators, labels a/b, one judgment a row. */
  labelsThree: string;
  /** 50 models, 100,000 battles with 10% ties. */
  battles: string;
}

export function peerFiles(dir: string): PeerFiles {
  mkdirSync(dir, { recursive: true });
  const files: PeerFiles = {
    ratings: join(dir, "ratings-200000x5.csv"),
    ratingsComplete: join(dir, "ratings-200000x5-complete.csv"),
    ratingsTwo: join(dir, "ratings-200000x2.csv"),
    labelsMany: join(dir, "labels-50000x3-800-annotators.csv"),
    labelsThree: join(dir, "labels-50000x3.csv"),
    battles: join(dir, "battles-50-models-100000.csv"),
  };
  const write = (path: string, make: () => string[]) => existsSync(path) || writeFileSync(path, `${make().join("\n")}\n`);
  const ratings = (raters: number, missing: number, seed: number) => () => {
    const random = seededRandom(seed);
    const lines = [Array.from({ length: raters }, (_, r) => `r${r + 1}`).join(",")];
    for (let u = 0; u < 200_000; u++) {
      const truth = 1 + Math.floor(random() * 5);
      lines.push(Array.from({ length: raters }, () => (random() < missing ? "" : String(random() < 0.7 ? truth : 1 + Math.floor(random() * 5)))).join(","));
    }
    return lines;
  };
  write(files.ratings, ratings(5, 0.1, 11));
  write(files.ratingsComplete, ratings(5, 0, 12));
  write(files.ratingsTwo, ratings(2, 0, 13));
  const labels = (annotators: number, seed: number) => () => {
    const random = seededRandom(seed);
    const lines = ["annotator,item,label"];
    for (let i = 0; i < 50_000; i++) {
      const truth = random() < 0.5 ? "a" : "b";
      const who = new Set<number>();
      while (who.size < 3) who.add(Math.floor(random() * annotators));
      for (const a of who) lines.push(`u${a},i${i},${random() < 0.8 ? truth : truth === "a" ? "b" : "a"}`);
    }
    return lines;
  };
  write(files.labelsMany, labels(800, 14));
  write(files.labelsThree, labels(3, 15));
  write(files.battles, () => {
    const random = seededRandom(16);
    const lines = ["model_a,model_b,winner"];
    for (let n = 0; n < 100_000; n++) {
      const i = Math.floor(random() * 50);
      let j = Math.floor(random() * 49);
      if (j >= i) j++;
      const p = 1 / (1 + 10 ** ((j - i) / 25));
      const r = random();
      lines.push(`m${String(i).padStart(2, "0")},m${String(j).padStart(2, "0")},${r < 0.1 ? "tie" : random() < p ? "model_a" : "model_b"}`);
    }
    return lines;
  });
  return files;
}
