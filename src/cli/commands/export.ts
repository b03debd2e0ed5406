import type { Command } from "commander";
import { rawJudgments } from "../../io/export/raw-judgments.js";
import { writeLines } from "../../io/write-lines.js";
import { PairwiseError } from "../../errors.js";
import { requireCampaign } from "../../services/find-campaign.js";
import { cliOutput, withCliContext } from "../context.js";
import { createProgress } from "../progress.js";

export function registerExportCommand(program: Command): void {
  program
    .command("export <campaign>")
    .description("Export a campaign's judgments")
    .option("--format <format>", "raw (every judgment as JSONL with all its fields)", "raw")
    .option("--out <path>", "output file, or - for standard output", "-")
    .option("--real-ids", "show platform user ids instead of pseudonyms")
    .action(async (name: string, options: { format: string; out: string; realIds?: boolean }) => {
      if (options.format !== "raw") throw new PairwiseError("VALIDATION", `Unknown format "${options.format}". Available: raw.`);
      await withCliContext(async (ctx) => {
        const campaign = requireCampaign(ctx, name);
        const total = (ctx.db.$client.prepare("SELECT count(*) AS n FROM judgments WHERE campaign_id = ?").get(campaign.id) as { n: number }).n;
        const progress = options.out === "-" ? createProgress("", "") : createProgress("Exporting", "judgments");
        const lines = (function* () {
          for (const record of rawJudgments(ctx.db, { campaignId: campaign.id, realIds: options.realIds ?? false })) yield JSON.stringify(record);
        })();
        const written = await writeLines(options.out, lines, (n) => {
          if (n % 1000 === 0 || n === total) progress.update(n, total);
        });
        progress.stop();
        if (options.out !== "-") cliOutput.err(`Wrote ${written} judgments to ${options.out}.`);
      });
    });
}
