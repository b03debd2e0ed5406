import { basename } from "node:path";
import type { Command } from "commander";
import { PairwiseError, validationError } from "../../errors.js";
import { dawidSkene, majorityVote, type Labeling } from "../../stats/index.js";
import { cliOutput } from "../context.js";
import { readRecords } from "../read-table-file.js";

function readLabelings(path: string): Labeling[] {
  const file = basename(path);
  return readRecords(path).map(({ line, record }) => {
    const fields = ["annotator", "item", "label"] as const;
    for (const field of fields) {
      const v = record[field];
      if ((typeof v !== "string" && typeof v !== "number") || String(v).trim() === "") throw validationError(`expected a non-empty value, got ${JSON.stringify(v ?? null)}`, { file, line, field });
    }
    return { annotator: String(record.annotator), item: String(record.item), label: String(record.label) };
  });
}

export function registerAggregateCommand(program: Command): void {
  program
    .command("aggregate <file>")
    .description("Infer each item's label from several annotators: majority vote or Dawid-Skene")
    .option("--method <method>", "majority | dawid-skene", "majority")
    .option("--json", "print JSON (with Dawid-Skene: posteriors, class priors, each annotator's confusion matrix)")
    .addHelpText("after", `
Input: JSON Lines, a JSON array or CSV of {annotator, item, label}.
majority: the most frequent label; an item whose top labels tie gets no label (reported as tied).
dawid-skene: EM over per-annotator confusion matrices (Dawid & Skene 1979), started from the vote shares.
Example: pairwise aggregate --method dawid-skene --json labels.jsonl`)
    .action((file: string, o: { method: string; json?: boolean }) => {
      if (o.method !== "majority" && o.method !== "dawid-skene") throw new PairwiseError("VALIDATION", `--method must be majority or dawid-skene, got "${o.method}".`);
      const labelings = readLabelings(file);
      if (o.method === "majority") {
        const result = majorityVote(labelings);
        if (o.json) return cliOutput.out(JSON.stringify({ method: "majority", items: result }, null, 2));
        for (const r of result) cliOutput.out(`${r.item}\t${r.label ?? "(tied)"}\t${(r.share * 100).toFixed(0)}%`);
        return;
      }
      const r = dawidSkene(labelings);
      if (o.json) return cliOutput.out(JSON.stringify({ method: "dawid-skene", classes: r.classes, priors: r.priors, confusion: r.confusion, items: r.items, iterations: r.iterations, converged: r.converged }, null, 2));
      for (const item of r.items) cliOutput.out(`${item.item}\t${item.label}\t${(Math.max(...item.posterior) * 100).toFixed(1)}%`);
      cliOutput.err(`Dawid-Skene: ${r.iterations} iterations${r.converged ? "" : " (not converged)"}; priors ${r.classes.map((c, i) => `${c} ${r.priors[i]!.toFixed(3)}`).join(", ")}`);
    });
}
