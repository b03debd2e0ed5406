import type { Command } from "commander";
import { PairwiseError } from "../../errors.js";
import { dawidSkene, DEFAULT_DS_MAX_ITERATIONS, DEFAULT_DS_TOLERANCE, DEFAULT_SMOOTHING, majorityVote } from "../../stats/index.js";
import { cliOutput } from "../output.js";
import { numberOption } from "../number-option.js";
import { readLabelings } from "../read-labelings.js";

const HELP = `
Input: JSON Lines, a JSON array or CSV of {annotator, item, label}.
majority: the most frequent label; an item whose top labels tie gets no label (reported as tied).
dawid-skene: EM over per-annotator confusion matrices (Dawid & Skene 1979), started from the vote
shares. What is fitted, and the knobs:
  --smoothing ${DEFAULT_SMOOTHING}    added to every confusion-matrix cell at each M-step. Why: with a few labels an
                     annotator may never have given some label for some true class; unsmoothed,
                     that cell is 0 and rules the class out for every item they label, for good.
                     --smoothing 0 is Dawid & Skene's plain maximum likelihood.
  --tolerance ${DEFAULT_DS_TOLERANCE}    EM stops when no item's posterior moves by more than this between iterations
                     (EM converges slowly; this keeps the printed posteriors exact to about 1e-7).
  --max-iterations ${DEFAULT_DS_MAX_ITERATIONS}  stop there anyway; the output then says "not converged".
Example: pairwise aggregate --method dawid-skene --smoothing 0 --json labels.jsonl`;

export function registerAggregateCommand(program: Command): void {
  program
    .command("aggregate <file>")
    .description("Infer each item's label from several annotators: majority vote or Dawid-Skene")
    .option("--method <method>", "majority | dawid-skene", "majority")
    .option("--smoothing <x>", "dawid-skene: pseudo-count in every confusion cell (0: plain maximum likelihood)", String(DEFAULT_SMOOTHING))
    .option("--tolerance <x>", "dawid-skene: stop when no posterior moves by more than this", String(DEFAULT_DS_TOLERANCE))
    .option("--max-iterations <n>", "dawid-skene: EM iterations at most", String(DEFAULT_DS_MAX_ITERATIONS))
    .option("--json", "print JSON (with Dawid-Skene: posteriors, class priors, each annotator's confusion matrix)")
    .addHelpText("after", HELP)
    .action((file: string, o: { method: string; smoothing: string; tolerance: string; maxIterations: string; json?: boolean }) => {
      if (o.method !== "majority" && o.method !== "dawid-skene")
        throw new PairwiseError("VALIDATION", `--method must be majority or dawid-skene, got "${o.method}".`);
      const options = {
        smoothing: numberOption("--smoothing", o.smoothing, { min: 0, hint: "0 is the unsmoothed Dawid-Skene." }),
        tolerance: numberOption("--tolerance", o.tolerance, { above: 0 }),
        maxIterations: numberOption("--max-iterations", o.maxIterations, { integer: true, min: 1 }),
      };
      const labelings = readLabelings(file);
      if (o.method === "majority") {
        const result = majorityVote(labelings);
        if (o.json) return cliOutput.out(JSON.stringify({ method: "majority", items: result }, null, 2));
        cliOutput.out(result.map((r) => `${r.item}\t${r.label ?? "(tied)"}\t${(r.share * 100).toFixed(0)}%`).join("\n"));
        return;
      }
      const r = dawidSkene(labelings, options);
      if (o.json)
        return cliOutput.out(
          JSON.stringify(
            {
              method: "dawid-skene",
              ...options,
              classes: r.classes,
              priors: r.priors,
              confusion: r.confusion,
              items: r.items,
              iterations: r.iterations,
              converged: r.converged,
            },
            null,
            2,
          ),
        );
      cliOutput.out(r.items.map((item) => `${item.item}\t${item.label}\t${(Math.max(...item.posterior) * 100).toFixed(1)}%`).join("\n"));
      cliOutput.err(
        `Dawid-Skene (smoothing ${options.smoothing}): ${r.iterations} iterations${r.converged ? "" : ` (not converged: a posterior still moved by more than ${options.tolerance})`}; priors ${r.classes.map((c, i) => `${c} ${r.priors[i]!.toFixed(3)}`).join(", ")}`,
      );
    });
}
