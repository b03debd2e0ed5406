import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { renderChartPng } from "../../charts/render.js";
import { PairwiseError } from "../../errors.js";
import { EXPORT_FORMATS, runExport, type ExportFormat, type ExportResult } from "../../io/export/run-export.js";
import { isExportFormat, TRAINING_FORMATS } from "../../io/export/formats/index.js";
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
  run(deps, event): Reply {
    const name = campaignArg(event.args, "report <campaign> [kind]");
    const kind = event.args[1] ?? "progress";
    const campaign = requireCampaign(deps.services, name);
    // Charts take a moment to render: acknowledge now, send when ready.
    return {
      kind: "deferred",
      visibility: "private",
      work: async () => {
        const report = buildReport(deps.services, name, kind);
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
    result.summary.length > 0 ? `\nLeft out:\n${result.summary.map((s) => `• ${s}`).join("\n")}\n(The options are the CLI's: \`pairwise export --help\`.)` : "";
  const text = `${head}${leftOut}`;
  return { text, blocks: [{ type: "text", text }] };
}

export const exportCommand: CommandSpec = {
  name: "export",
  lead: "campaign",
  // The chat default (trl) first: the training formats, then raw.
  usage: `<campaign> [${[...TRAINING_FORMATS, "raw"].join("|")}] [--include-ai]`,
  summary: "Export the campaign as a file, with its QA report and data card.",
  details:
    "Majority labels with the defaults of `pairwise export`: what is left out (flagged judgments, items still being labeled, ties in paired formats, degenerate targets) is counted in the reply and the QA report; the AI judge's verdicts are not votes unless --include-ai; the CLI (`pairwise export --help`) has every option. An export with nothing to write says why instead of sending an empty file.",
  run(deps, event): Reply {
    const includeAi = event.args.includes("--include-ai");
    const args = event.args.filter((a) => a !== "--include-ai");
    const name = campaignArg(args, "export <campaign> [format]");
    const format = args[1] ?? "trl";
    if (!isExportFormat(format))
      throw new PairwiseError("VALIDATION", `Unknown format "${format}". Formats: ${EXPORT_FORMATS.join(", ")}. Example: /pairwise export ${name} trl`);
    requireCampaign(deps.services, name);
    return {
      kind: "deferred",
      visibility: "private",
      work: async () => {
        const dir = mkdtempSync(join(tmpdir(), "pairwise-export-"));
        try {
          const out = join(dir, `${name}-${format}.${format === "csv" ? "csv" : "jsonl"}`);
          const result = await runExport(deps.services, { campaign: name, format: format as ExportFormat, out, filters: { includeAi } });
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
