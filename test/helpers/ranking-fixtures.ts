import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Battle, Labeling, StyledBattle } from "../../src/stats/index.js";
import { arenaStyleCounts } from "../../src/stats/index.js";

/** test/fixtures/ranking: inputs and the reference values of R, statsmodels, sklearn and FastChat (see its README). */
const RANKING_DIR = "test/fixtures/ranking";
export const rankingFile = (name: string): string => join(RANKING_DIR, name);

const csvRows = (name: string): string[][] =>
  readFileSync(rankingFile(name), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => line.split(","));

export const readFixtureBattles = (name: string): Battle[] => csvRows(name).map(([a, b, w]) => ({ modelA: a!, modelB: b!, winner: w as Battle["winner"] }));
export const readFixtureLabelings = (): Labeling[] =>
  csvRows("pandalm-labels.csv").map(([annotator, item, label]) => ({ annotator: annotator!, item: item!, label: label! }));
export const readStyleBattles = (): StyledBattle[] =>
  readFileSync(rankingFile("style-battles.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((line) => {
      const r = JSON.parse(line) as { model_a: string; model_b: string; winner: Battle["winner"]; conv_metadata: Record<string, unknown> };
      return {
        modelA: r.model_a,
        modelB: r.model_b,
        winner: r.winner,
        styleA: arenaStyleCounts(r.conv_metadata, "a")!,
        styleB: arenaStyleCounts(r.conv_metadata, "b")!,
      };
    });

type Ratings = Record<string, number>;
export interface PythonReference {
  versions: Record<string, string>;
  bradley_terry: Record<string, Record<string, { sklearn_elo_mean1000: Ratings; statsmodels_natural_mean0: Ratings }>>;
  style_control: {
    "fastchat_reg0.5_elo": Ratings;
    "fastchat_reg0.5_coefficients": number[];
    statsmodels_reg0_elo: Ratings;
    statsmodels_reg0_coefficients: number[];
  };
  dawid_skene: Record<string, { classes: string[]; priors: number[]; confusion: Record<string, number[][]>; posteriors: Record<string, number[]> }>;
}
export const pythonReference = JSON.parse(readFileSync(rankingFile("reference-python.json"), "utf8")) as PythonReference;
export const rReference = JSON.parse(readFileSync(rankingFile("reference-r.json"), "utf8")) as Record<string, Ratings> & { version: string };

/** The largest absolute difference between two sets of ratings over `expected`'s models. */
export function maxDifference(actual: Ratings, expected: Ratings): number {
  const models = Object.keys(expected);
  if (Object.keys(actual).length !== models.length) return Infinity;
  return Math.max(...models.map((m) => Math.abs((actual[m] ?? Infinity) - expected[m]!)));
}
