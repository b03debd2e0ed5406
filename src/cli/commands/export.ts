import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Command } from "commander";
import { PairwiseError } from "../../errors.js";
import { EXPORT_FORMATS, formatHelpLines, isExportFormat, type ExportFormat } from "../../io/export/formats/index.js";
import type { ExportFilters } from "../../io/export/labeled-items.js";
import { parseAgreementThreshold } from "../../domain/agreement-threshold.js";
import { cliOutput, withCliContext } from "../context.js";
import { createProgress } from "../progress.js";

interface ExportOptions {
  poll?: string;
  format: string;
  aggregate: string;
  out?: string;
  realIds?: boolean;
  conversational?: boolean;
  minAgreement?: string;
  excludeTies?: boolean;
  includeFlagged?: boolean;
  includeIncomplete?: boolean;
  keepDegenerate?: boolean;
  qualifiedOnly?: boolean;
  since?: string;
  until?: string;
  guidelineVersion?: string;
  includeAi?: boolean;
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

function parseDate(value: string | undefined, flag: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new PairwiseError("VALIDATION", `${flag} "${value}" is not a date; use ISO form such as 2026-11-01 or 2026-11-01T09:00:00Z.`);
  return date;
}

export function filtersFrom(options: ExportOptions): ExportFilters {
  const filters: ExportFilters = { excludeFlagged: !options.includeFlagged };
  if (options.minAgreement !== undefined) filters.minAgreement = parseAgreementThreshold(options.minAgreement);
  if (options.includeIncomplete) filters.includeIncomplete = true;
  if (options.keepDegenerate) filters.keepDegenerate = true;
  if (options.excludeTies) filters.excludeTies = true;
  if (options.qualifiedOnly) filters.qualifiedOnly = true;
  if (options.includeAi) filters.includeAi = true;
  const since = parseDate(options.since, "--since");
  const until = parseDate(options.until, "--until");
  if (since) filters.since = since;
  if (until) filters.until = until;
  if (options.guidelineVersion !== undefined) {
    const v = Number(options.guidelineVersion);
    if (!Number.isInteger(v) || v < 1)
      throw new PairwiseError("VALIDATION", `--guideline-version must be a version number such as 2, got "${options.guidelineVersion}".`);
    filters.guidelineVersion = v;
  }
  return filters;
}

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
  program
    .command("export [campaign]")
    .description("Export a campaign as training data or raw judgments, with a QA report and a dataset card")
    .option("--format <format>", EXPORT_FORMATS.join(" | "), "raw")
    .option("--out <path>", "output file (default ./exports/<campaign>-<format>.jsonl|csv, a folder .gitignore covers)")
    .option("--conversational", "trl: prompt/chosen/rejected as lists of messages")
    .option("--aggregate <method>", "majority | dawid-skene: how each item's label is inferred", "majority")
    .option("--min-agreement <share>", "only items whose label has at least this share of the votes: 0.67 (at its written precision), 2/3 or 67%")
    .option("--exclude-ties", "leave out items labeled tie or both_bad")
    .option("--include-flagged", "count judgments flagged as anomalies (left out by default)")
    .option("--include-incomplete", "keep items with fewer judgments than their overlap (left out by default)")
    .option("--keep-degenerate", "keep empty, true/false-only and chosen = rejected training targets (left out by default)")
    .option("--qualified-only", "count only judgments of qualified annotators")
    .option("--include-ai", "count the AI judge's verdicts as votes (left out of training formats by default; raw always has them)")
    .option("--since <date>", "only judgments made from this date")
    .option("--until <date>", "only judgments made before this date")
    .option("--guideline-version <n>", "only judgments made under this guideline version")
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
        mkdirSync(dirname(out), { recursive: true });
        const [{ pollExportLines }, { writeLines }] = await Promise.all([import("../../io/export/poll-export.js"), import("../../io/write-lines.js")]);
        await withCliContext(async (ctx) => {
          const { lines, note } = pollExportLines(ctx.db, id, options.format as "trl" | "raw");
          await writeLines(out, lines);
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
      if (options.aggregate !== "majority" && options.aggregate !== "dawid-skene")
        throw new PairwiseError("VALIDATION", `--aggregate must be majority or dawid-skene, got "${options.aggregate}".`);
      mkdirSync(dirname(out), { recursive: true });
      const [{ runExport }, { dawidSkeneLabels }, { requireCampaign }, { recordSnapshot }] = await Promise.all([
        import("../../io/export/run-export.js"),
        import("../../io/export/dawid-skene-labels.js"),
        import("../../services/find-campaign.js"),
        import("../../services/api/snapshots.js"),
      ]);
      await withCliContext(async (ctx) => {
        const progress = createProgress("Exporting", "judgments");
        try {
          const result = await runExport(ctx, {
            campaign: name,
            format,
            out,
            filters,
            realIds: options.realIds ?? false,
            conversational: options.conversational ?? false,
            ...(options.aggregate === "dawid-skene"
              ? {
                  aggregation: {
                    name: "Dawid-Skene (EM over per-annotator confusion matrices)",
                    label: dawidSkeneLabels(ctx.db, requireCampaign(ctx, name).id, { includeAi: filters.includeAi ?? false }),
                  },
                }
              : {}),
            onProgress: (done, total) => progress.update(done, total),
          });
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
