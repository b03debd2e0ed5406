import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { parseArgs } from "node:util";
import { basename, join } from "node:path";
import { renderChartPng } from "../../charts/render.js";
import { PairwiseError } from "../../errors.js";
import { EXPORT_FORMATS, runExport, type ExportFormat, type ExportResult } from "../../io/export/run-export.js";
import { isExportFormat, TRAINING_FORMATS } from "../../io/export/formats/index.js";
import { aggregationFor, checkAggregate, type ExportSelection, filtersFrom, SELECTION_OPTIONS } from "../../io/export/export-options.js";
import { requireCampaign } from "../../services/find-campaign.js";
import { buildReport, REPORT_KINDS, reportText, type Report } from "../../services/reports/index.js";
import { encodeAction } from "../action-ids.js";
import type { Reply } from "../events.js";
import type { FileUpload, MessageView } from "../views.js";
import { campaignArg } from "./campaign-commands.js";
import type { CommandSpec } from "./command-spec.js";
import { count } from "../../domain/plural.js";

export const reportCommand: CommandSpec = {
  name: "report",
  lead: "campaign",
  usage: `<campaign> [${REPORT_KINDS.join("|")}]`,
  summary: "A report with a chart, sent to you privately.",
  details: `Kinds: ${REPORT_KINDS.join(", ")} (default progress). The chart arrives as a PNG.`,
  async run(deps, event): Promise<Reply> {
    const name = campaignArg(event.args, "report <campaign> [kind]");
    const kind = event.args[1] ?? "progress";
    const campaign = await requireCampaign(deps.services, name);
    // Charts take a moment to render: acknowledge now, send when ready.
    return {
      kind: "deferred",
      visibility: "private",
      work: async () => {
        const report = await buildReport(deps.services, name, kind);
        const files: FileUpload[] = [];
        report.charts.forEach((chart, i) =>
          files.push({ name: `${name}-${kind}${i ? `-${i + 1}` : ""}.png`, mimeType: "image/png", data: renderChartPng(chart), title: report.title }),
        );
        if (report.table || report.details)
          files.push({ name: `${name}-${kind}.txt`, mimeType: "text/plain", data: Buffer.from(reportText(report)), title: report.title });
        const view: MessageView = {
          text: `${report.title}: ${report.summary.join(" ")}`,
          blocks: [{ type: "header", text: report.title }, ...report.summary.map((line) => ({ type: "text" as const, text: line }))],
        };
        const then = reviewButton(report, campaign.id);
        if (files.length > 0) return { kind: "file", files, view, ...(then ? { then } : {}) };
        return { kind: "private", view: then ? { ...view, blocks: [...view.blocks, ...then.blocks] } : view };
      },
    };
  },
};

/** Under the judge report, when the judge disagrees with a confident human majority: the way to review those pairs. */
function reviewButton(report: Report, campaignId: number): MessageView | undefined {
  const pairs = report.kind === "judge" ? report.data.pairsToReview : undefined;
  if (typeof pairs !== "number" || pairs === 0) return undefined;
  const text = `The judge disagrees with a confident human majority on ${count(pairs, "pair")}: review them one at a time, confirm the humans or side with the judge.`;
  return {
    text,
    blocks: [
      { type: "text", text },
      { type: "actions", buttons: [{ actionId: encodeAction({ verb: "judge_review", campaignId }), label: "Review disagreements", style: "primary" }] },
    ],
  };
}

/** What a lead reads beside the files: what was written, and what was left out and how to keep it. */
function exportView(name: string, format: string, result: ExportResult): MessageView {
  const head = `Export of ${name} (${format}): ${count(result.rows, "row")} from ${count(result.items, "item")}, with the QA report and the data card.`;
  const leftOut =
    result.summary.length > 0 ? `\nLeft out:\n${result.summary.map((s) => `• ${s}`).join("\n")}\n(Options to keep them: \`/pairwise help export\`.)` : "";
  const text = `${head}${leftOut}`;
  return { text, blocks: [{ type: "text", text }] };
}

const EXPORT_USAGE = `<campaign> [${[...TRAINING_FORMATS, "raw"].join("|")}] [--min-agreement <share>] [--exclude-ties] [--include-ai] [… see help]`;

/**
 * The chat command's words: the campaign and format as positionals, then the CLI's selection
 * options (`--min-agreement 2/3`, `--exclude-ties`, …). A flag it does not know is named with the
 * list of those it does.
 */
function parseExportArgs(args: readonly string[]): { positionals: string[]; selection: ExportSelection } {
  const known = SELECTION_OPTIONS.map((o) => `--${o.flag}`).join(", ");
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: Object.fromEntries(SELECTION_OPTIONS.map((o) => [o.flag, { type: o.value ? ("string" as const) : ("boolean" as const) }])),
    });
    const selection: ExportSelection = {};
    for (const o of SELECTION_OPTIONS) {
      const value = values[o.flag];
      if (value !== undefined) (selection as Record<string, unknown>)[o.key] = value;
    }
    return { positionals, selection };
  } catch (error) {
    const detail = error instanceof Error ? error.message.split(".")[0] : String(error);
    const cliOnly = args.some((a) => a === "--real-ids" || a.startsWith("--out") || a.startsWith("--poll"))
      ? " (--real-ids, --out and --poll are the CLI's only: platform ids and files on disk stay off chat)"
      : "";
    throw new PairwiseError("VALIDATION", `${detail}${cliOnly}. Options: ${known}.`);
  }
}

export const exportCommand: CommandSpec = {
  name: "export",
  lead: "campaign",
  // The chat default (trl) first: the training formats, then raw.
  usage: EXPORT_USAGE,
  summary: "Export the campaign as a file, with its QA report and data card.",
  details: `Majority labels with the defaults of \`pairwise export\`: what is left out (flagged judgments, items still being labeled, ties in paired formats, degenerate targets) is counted in the reply and the QA report; the AI judge's verdicts are not votes unless --include-ai. Options, as in the CLI: ${SELECTION_OPTIONS.map((o) => `--${o.flag}${o.value ? ` <${o.value}>` : ""}`).join(", ")}. Example: /pairwise export helpfulness-v1 trl --min-agreement 2/3 --exclude-ties. An export with nothing to write says why instead of sending an empty file.`,
  async run(deps, event): Promise<Reply> {
    const { positionals, selection } = parseExportArgs(event.args);
    const name = campaignArg(positionals, "export <campaign> [format] [options]");
    const format = positionals[1] ?? "trl";
    if (!isExportFormat(format))
      throw new PairwiseError("VALIDATION", `Unknown format "${format}". Formats: ${EXPORT_FORMATS.join(", ")}. Example: /pairwise export ${name} trl`);
    if (positionals.length > 2) throw new PairwiseError("VALIDATION", `Unexpected "${positionals[2]}". Usage: /pairwise export ${EXPORT_USAGE}`);
    const filters = filtersFrom(selection);
    checkAggregate(selection);
    const campaign = await requireCampaign(deps.services, name);
    return {
      kind: "deferred",
      visibility: "private",
      work: async () => {
        const dir = mkdtempSync(join(tmpdir(), "pairwise-export-"));
        try {
          const out = join(dir, `${name}-${format}.${format === "csv" ? "csv" : "jsonl"}`);
          const result = await runExport(deps.services, {
            campaign: name,
            format: format as ExportFormat,
            out,
            filters,
            conversational: selection.conversational ?? false,
            ...(await aggregationFor(deps.services.db, campaign.id, selection)),
          });
          const file = (path: string, mimeType: string, title: string): FileUpload => ({ name: basename(path), mimeType, data: readFileSync(path), title });
          return {
            kind: "file",
            files: [
              file(result.path, format === "csv" ? "text/csv" : "application/x-ndjson", `${name} (${format})`),
              file(result.qaMarkdownPath, "text/markdown", "QA report"),
              file(result.cardPath, "text/markdown", "Data card"),
            ],
            view: exportView(name, format, result),
          };
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  },
};
