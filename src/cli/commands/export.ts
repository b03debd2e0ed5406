import { join } from "node:path";
import { type Command, Option } from "commander";
import { PairwiseError } from "../../errors.js";
import { EXPORT_FORMATS, formatHelpLines, isExportFormat, type ExportFormat } from "../../io/export/formats/index.js";
import { aggregationFor, checkAggregate, type ExportSelection, filtersFrom, SELECTION_OPTIONS } from "../../io/export/export-options.js";
import { cliOutput, withCliContext } from "../context.js";
import { createProgress } from "../progress.js";
import { withOutFolder } from "../out-folder.js";

interface ExportOptions extends ExportSelection {
  poll?: string;
  format: string;
  out?: string;
  realIds?: boolean;
}

const HELP = `
Formats:
${formatHelpLines().join("\n")}
Items are labeled by majority vote (ties between A and B become "tie") or with --aggregate
dawid-skene; a lead's adjudication is the final label and is always exported. Left out by
default, each counted and explained after the export: items still being labeled
(--include-incomplete), flagged judgments (--include-flagged), split items with no majority,
degenerate training targets: empty or true/false-only responses, chosen = rejected
(--keep-degenerate). --min-agreement takes 0.67 (compared at its written precision, so 2 of 3
votes pass), 2/3 or 67%. The AI judge's verdicts are not votes unless --include-ai (the raw format
carries them always, with source "ai", model, prompt version and raw answers). An export with
nothing to write writes no file and exits with status 1.
A QA report (.qa.md, .qa.json) and a dataset card (.card.md) are written beside the export.

Example: pairwise export helpfulness-v1 --format trl --min-agreement 2/3 --out data/train.jsonl`;

/** The export's options as a snapshot records them (the API's snake-case names). */
function snapshotOptions(format: ExportFormat, o: ExportOptions): Record<string, unknown> & { format: ExportFormat } {
  const all: Record<string, unknown> = {
    format,
    aggregate: o.aggregate === "majority" ? undefined : o.aggregate,
    conversational: o.conversational,
    min_agreement: o.minAgreement,
    exclude_ties: o.excludeTies,
    include_flagged: o.includeFlagged,
    include_incomplete: o.includeIncomplete,
    keep_degenerate: o.keepDegenerate,
    qualified_only: o.qualifiedOnly,
    include_ai: o.includeAi,
    since: o.since,
    until: o.until,
    guideline_version: o.guidelineVersion === undefined ? undefined : Number(o.guidelineVersion),
    real_ids: o.realIds,
  };
  return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined)) as Record<string, unknown> & { format: ExportFormat };
}

export function registerExportCommand(program: Command): void {
  const command = program.command("export [campaign]");
  command
    .description("Export a campaign as training data or raw judgments, with a QA report and a dataset card")
    .option("--format <format>", EXPORT_FORMATS.join(" | "), "raw")
    .option("--out <path>", "output file (default ./exports/<campaign>-<format>.jsonl|csv, a folder .gitignore covers)");
  // The options that choose what the export holds are the chat command's too (io/export/export-options.ts).
  for (const o of SELECTION_OPTIONS) command.addOption(new Option(o.value ? `--${o.flag} <${o.value}>` : `--${o.flag}`, o.help).default(o.default));
  command
    .option("--real-ids", "raw and QA report: platform user ids instead of pseudonyms")
    .option("--poll <id>", "export a poll instead of a campaign (formats trl and raw)")
    .addHelpText("after", HELP)
    .action(async (name: string | undefined, options: ExportOptions) => {
      if (options.poll !== undefined) {
        const id = Number(options.poll);
        if (!Number.isInteger(id) || id < 1) throw new PairwiseError("VALIDATION", `--poll takes a poll number, got "${options.poll}".`);
        if (options.format !== "trl" && options.format !== "raw")
          throw new PairwiseError("VALIDATION", `A poll exports as trl or raw, not "${options.format}".`);
        const out = options.out ?? join("exports", `poll-${id}-${options.format}.jsonl`);
        const [{ pollExportLines }, { writeLines }] = await Promise.all([import("../../io/export/poll-export.js"), import("../../io/write-lines.js")]);
        await withCliContext(async (ctx) => {
          const { lines, note } = await pollExportLines(ctx.db, id, options.format as "trl" | "raw");
          await withOutFolder(out, () => writeLines(out, lines));
          cliOutput.err(`${note} Wrote ${out}.`);
        });
        return;
      }
      if (!name) throw new PairwiseError("VALIDATION", "Say which campaign to export, or --poll <id>. See pairwise export --help.");
      if (!isExportFormat(options.format)) {
        throw new PairwiseError("VALIDATION", `Unknown format "${options.format}". Available: ${EXPORT_FORMATS.join(", ")}.`);
      }
      const format = options.format as ExportFormat;
      const out = options.out ?? join("exports", `${name}-${format}.${format === "csv" ? "csv" : "jsonl"}`);
      const filters = filtersFrom(options);
      checkAggregate(options);
      const [{ runExport }, { requireCampaign }, { recordSnapshot }] = await Promise.all([
        import("../../io/export/run-export.js"),
        import("../../services/find-campaign.js"),
        import("../../services/api/snapshots.js"),
      ]);
      await withCliContext(async (ctx) => {
        const progress = createProgress("Exporting", "judgments");
        try {
          const result = await withOutFolder(out, async () =>
            runExport(ctx, {
              campaign: name,
              format,
              out,
              filters,
              realIds: options.realIds ?? false,
              conversational: options.conversational ?? false,
              ...(await aggregationFor(ctx.db, (await requireCampaign(ctx, name)).id, options)),
              onProgress: (done, total) => progress.update(done, total),
            }),
          );
          progress.stop();
          cliOutput.err(`Wrote ${result.rows} rows (${result.items} items) to ${result.path}.`);
          if (result.summary.length > 0) cliOutput.err(`Left out:\n  ${result.summary.join("\n  ")}`);
          // Every export is a snapshot (id + SHA-256, named in the data card) that outcomes can cite.
          const { view } = await recordSnapshot(ctx, { campaign: name, options: snapshotOptions(format, options), result });
          cliOutput.err(`QA report: ${result.qaMarkdownPath} and ${result.qaJsonPath}; data card: ${result.cardPath}.`);
          cliOutput.err(`Snapshot ${view.id} (SHA-256 ${view.sha256.slice(0, 16)}…).`);
        } finally {
          progress.stop();
        }
      });
    });
}
