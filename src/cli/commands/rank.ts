import { basename } from "node:path";
import type { Command } from "commander";
import { PairwiseError, validationError } from "../../errors.js";
import { bradleyTerry, onlineElo, type Battle } from "../../stats/index.js";
import { cliOutput } from "../context.js";
import { readRecords } from "../read-table-file.js";

const WINNERS: Record<string, Battle["winner"]> = { model_a: "model_a", model_b: "model_b", tie: "tie", both_bad: "both_bad", "tie (bothbad)": "both_bad" };

/** Reads Chatbot-Arena-style battles {model_a, model_b, winner}, naming the line of a bad row. */
export function readBattles(path: string): Battle[] {
  const file = basename(path);
  return readRecords(path).map(({ line, record }) => {
    const a = record.model_a;
    const b = record.model_b;
    if (typeof a !== "string" || a === "") throw validationError('expected the name of a model, got ' + JSON.stringify(a ?? null), { file, line, field: "model_a" });
    if (typeof b !== "string" || b === "") throw validationError('expected the name of a model, got ' + JSON.stringify(b ?? null), { file, line, field: "model_b" });
    const winner = WINNERS[String(record.winner ?? "").trim().toLowerCase()];
    if (!winner) throw validationError(`expected model_a, model_b, tie or both_bad, got ${JSON.stringify(record.winner ?? null)}`, { file, line, field: "winner" });
    return { modelA: a, modelB: b, winner };
  });
}

export function registerRankCommand(program: Command): void {
  program
    .command("rank <file>")
    .description("Rank models from pairwise battles: Bradley-Terry (with bootstrap CIs) or online Elo")
    .option("--method <method>", "bradley-terry | elo", "bradley-terry")
    .option("--ties <rule>", "half (a tie is half a win each, as Chatbot Arena counts) | exclude", "half")
    .option("--anchor <model=rating>", "pin one model's rating (default: the mean is 1000)")
    .option("--samples <n>", "bradley-terry bootstrap samples for the CIs", "200")
    .option("--seed <n>", "bootstrap seed", "1")
    .option("--json", 'print {"ratings": {model: rating}, "ci": {model: [low, high]}}')
    .addHelpText("after", `
Input: JSON Lines, a JSON array or CSV of battles {model_a, model_b, winner}, winner one of
model_a, model_b, tie, both_bad (Chatbot Arena's "tie (bothbad)" is read as both_bad).
Ratings are on the Elo scale: 400 points means 10 times the odds of winning.
Example: pairwise rank --method bradley-terry --anchor llama-7b=1000 battles.jsonl`)
    .action((file: string, o: { method: string; ties: string; anchor?: string; samples: string; seed: string; json?: boolean }) => {
      if (o.method !== "bradley-terry" && o.method !== "elo") throw new PairwiseError("VALIDATION", `--method must be bradley-terry or elo, got "${o.method}".`);
      if (o.ties !== "half" && o.ties !== "exclude") throw new PairwiseError("VALIDATION", `--ties must be half or exclude, got "${o.ties}".`);
      let anchor: { model: string; rating: number } | undefined;
      if (o.anchor) {
        const m = /^(.+)=(-?\d+(?:\.\d+)?)$/.exec(o.anchor);
        if (!m) throw new PairwiseError("VALIDATION", `--anchor must be model=rating, for example llama-7b=1000, got "${o.anchor}".`);
        anchor = { model: m[1]!, rating: Number(m[2]) };
      }
      const battles = readBattles(file);
      const ties = o.ties as "half" | "exclude";
      let ratings: Record<string, number>;
      let ci: Record<string, [number, number]> | undefined;
      if (o.method === "elo") {
        ratings = onlineElo(battles, { ties });
        if (anchor) {
          if (ratings[anchor.model] === undefined) throw new PairwiseError("VALIDATION", `--anchor names "${anchor.model}", which has no battles.`);
          const shift = anchor.rating - ratings[anchor.model]!;
          ratings = Object.fromEntries(Object.entries(ratings).map(([m, r]) => [m, r + shift]));
        }
      } else {
        try {
          const r = bradleyTerry(battles, { ties, ...(anchor ? { anchor } : {}), bootstrap: { samples: Number(o.samples), seed: Number(o.seed) } });
          ratings = r.ratings;
          ci = r.ci;
        } catch (error) {
          throw new PairwiseError("VALIDATION", (error as Error).message);
        }
      }
      if (o.json) return cliOutput.out(JSON.stringify({ method: o.method, ratings, ...(ci ? { ci } : {}) }, null, 2));
      const sorted = Object.entries(ratings).sort((a, b) => b[1] - a[1]);
      cliOutput.out(`${o.method} over ${battles.length} battles (ties: ${ties}):`);
      sorted.forEach(([model, rating], i) => {
        const interval = ci?.[model] ? `  95% CI [${ci[model]![0].toFixed(1)}, ${ci[model]![1].toFixed(1)}]` : "";
        cliOutput.out(`${String(i + 1).padStart(3)}. ${model.padEnd(30)} ${rating.toFixed(1)}${interval}`);
      });
    });
}
