import type { Command } from "commander";
import { cliOutput, withCliContext } from "../context.js";
import { createProgress } from "../progress.js";
import type { CliDeps } from "../judge-port.js";
import { PairwiseError } from "../../errors.js";
import { numberOption } from "../number-option.js";
import { NO_PREFERENCE_CHOICES } from "../../domain/choice.js";

const FORMATS = `
Formats (JSONL, JSON array or CSV, optionally .gz; the shape is detected from the first row):
  plain    {"id": "q1", "prompt": "…" | [{"role": "user", "content": "…"}], "response_a": "…", "response_b": "…",
            "model_a": "gpt-x", "model_b": "llama-y", "tags": ["math"]}
  trl      {"prompt": "…", "chosen": "…", "rejected": "…"}   (chosen/rejected become A/B at random; the truth is kept hidden)
  hh-rlhf  {"chosen": "\\n\\nHuman: …\\n\\nAssistant: …", "rejected": "…"}   (Anthropic HH-RLHF transcripts)
  pandalm  the PandaLM test set (instruction, input, response1, response2, annotator1..3); its labels import as judgments
  raw      Pairwise's own raw export (one judgment a row): items keep their ids and gold answers, judgments import
Every export that carries items (trl, openrlhf, hh-rlhf, csv, raw) imports back.
Empty responses and identical responses are imported in every shape and listed in the import report.
Gold items: add "reference": ${["A", "B", ...NO_PREFERENCE_CHOICES].map((c) => JSON.stringify(c)).join(" | ")} and "explanation": "…" to a row.
A bad row fails the whole import, naming the line and the field; nothing is written.
Limits: a row (line, CSV record, JSON array element) at most 8 MiB; nesting at most 32 deep;
metadata (with unknown fields) at most 64 KiB as JSON; the file must be UTF-8.
`;

export function registerImportCommand(program: Command, deps: CliDeps = {}): void {
  program
    .command("import <campaign> <file>")
    .description("Import comparisons into a campaign (all or nothing)")
    .option("--format <shape>", "plain | trl | hh-rlhf | pandalm | raw (default: detect)")
    .option("--no-judgments", "do not import the labels that come with rows (PandaLM)")
    .option("--skip-existing", "skip rows whose id the campaign already has instead of failing")
    .option("--limit <n>", "import only the first n rows", (v) => numberOption("--limit", v, { integer: true, min: 1, hint: "For example: --limit 100." }))
    .option("--prescore", "then pre-score the imported pairs with the AI judge (see pairwise prescore --help)")
    .addHelpText("after", FORMATS)
    .action(
      async (campaign: string, file: string, options: { format?: string; judgments: boolean; skipExisting?: boolean; limit?: number; prescore?: boolean }) => {
        const [{ importComparisons }, { importSummary }, { failIfIncomplete, runPrescoreCli }, { judgeOf }] = await Promise.all([
          import("../../services/import-comparisons.js"),
          import("../../io/import/summary.js"),
          import("./prescore.js"),
          import("../../services/ai-judge/prescore-plan.js"),
        ]);
        await withCliContext(async (ctx, config) => {
          // Checked before importing, so a missing judge does not leave an import half-done in the user's eyes.
          if (options.prescore) {
            if (!config.judge)
              throw new PairwiseError(
                "CONFIG",
                "--prescore needs the AI judge: set PAIRWISE_JUDGE_URL (for example http://127.0.0.1:8000/v1) and PAIRWISE_JUDGE_MODEL.",
              );
            await judgeOf(ctx, campaign, config.judge.model);
          }
          const progress = createProgress("Importing", "MB");
          try {
            const result = await importComparisons(ctx, {
              campaign,
              path: file,
              ...(options.format ? { format: options.format as "plain" } : {}),
              includeJudgments: options.judgments,
              skipExisting: options.skipExisting ?? false,
              ...(options.limit ? { limit: options.limit } : {}),
              onProgress: (read, total, rows) => progress.update(read, total, `· ${rows.toLocaleString("en-US")} rows`),
            });
            progress.stop();
            for (const line of importSummary(result)) cliOutput.out(line);
            if (options.prescore && result.imported > 0) failIfIncomplete(await runPrescoreCli(ctx, config, deps, { campaign, batchId: result.batchId }));
          } finally {
            progress.stop();
          }
        });
      },
    );
}
