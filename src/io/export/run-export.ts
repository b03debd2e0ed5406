import { writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { stringify as csvStringify } from "csv-stringify/sync";
import { PairwiseError } from "../../errors.js";
import type { ServiceContext } from "../../services/context.js";
import { campaignSettings, requireCampaign } from "../../services/find-campaign.js";
import { writeLines } from "../write-lines.js";
import { dataCard } from "./data-card.js";
import { CSV_COLUMNS, csvRow, EXPORT_FORMATS, jsonRows, type ExportFormat, type TrainingFormat } from "./formats/index.js";
import { labeledItems, type ExportFilters, type LabelOverride } from "./labeled-items.js";
import { annotatorQa, createQaAccumulator, qaMarkdown, type QaReport } from "./qa-report.js";
import { rawJudgments } from "./raw-judgments.js";
import { agreementSummary } from "./agreement-summary.js";

export { EXPORT_FORMATS, type ExportFormat } from "./formats/index.js";

export interface ExportRequest {
  campaign: string;
  format: ExportFormat;
  /** A file path; the QA report and the data card are written beside it. */
  out: string;
  filters?: ExportFilters;
  /** Labels per item; majority vote unless another aggregator is given. */
  aggregation?: { name: string; label: LabelOverride };
  realIds?: boolean;
  conversational?: boolean;
  /** Adds the statistics section of the QA report (agreement with CIs); computed by the caller. */
  agreement?: () => Record<string, unknown>;
  onProgress?: (done: number, total: number) => void;
}

export interface ExportResult {
  path: string;
  rows: number;
  items: number;
  qaMarkdownPath: string;
  qaJsonPath: string;
  cardPath: string;
  qa: QaReport;
}

/** Where the QA report and data card go: beside the export, named after it. */
export function companionPaths(out: string): { qaMarkdown: string; qaJson: string; card: string } {
  const stem = basename(out).replace(/\.(jsonl|json|csv)$/i, "");
  const dir = dirname(out);
  return { qaMarkdown: join(dir, `${stem}.qa.md`), qaJson: join(dir, `${stem}.qa.json`), card: join(dir, `${stem}.card.md`) };
}

/**
 * Writes a campaign's export in one streaming pass (constant memory), then its QA report
 * (Markdown and JSON) and data card beside it.
 */
export async function runExport(ctx: ServiceContext, request: ExportRequest): Promise<ExportResult> {
  if (!(EXPORT_FORMATS as readonly string[]).includes(request.format)) {
    throw new PairwiseError("VALIDATION", `Unknown format "${request.format}". Available: ${EXPORT_FORMATS.join(", ")}.`);
  }
  if (request.out === "-") throw new PairwiseError("VALIDATION", "Give --out a file path: the QA report and the data card are written beside the export.");
  const campaign = requireCampaign(ctx, request.campaign);
  const settings = campaignSettings(campaign);
  const filters = request.filters ?? {};
  const accumulator = createQaAccumulator();
  const totalJudgments = (ctx.db.$client.prepare("SELECT count(*) AS n FROM judgments WHERE campaign_id = ?").get(campaign.id) as { n: number }).n;
  let items = 0;

  const lines = (function* (): Generator<string> {
    if (request.format === "raw") {
      for (const record of rawJudgments(ctx.db, { campaignId: campaign.id, realIds: request.realIds ?? false })) yield JSON.stringify(record);
      return;
    }
    const format = request.format as TrainingFormat;
    if (format === "csv") yield csvStringify([[...CSV_COLUMNS]]).trimEnd();
    for (const item of labeledItems(ctx.db, campaign.id, filters, request.aggregation?.label)) {
      items++;
      accumulator.add({ label: item.label.label, agreement: item.label.agreement, tags: item.tags });
      if (format === "csv") yield csvStringify([csvRow(item)]).replace(/\r?\n$/, "");
      else for (const row of jsonRows(format, item, { conversational: request.conversational ?? false })) yield JSON.stringify(row);
    }
  })();
  const written = await writeLines(request.out, lines, (n) => {
    if (n % 1000 === 0) request.onProgress?.(n, totalJudgments);
  });
  const rows = request.format === "csv" ? written - 1 : written;

  if (request.format === "raw") {
    for (const item of labeledItems(ctx.db, campaign.id, filters, request.aggregation?.label)) {
      items++;
      accumulator.add({ label: item.label.label, agreement: item.label.agreement, tags: item.tags });
    }
  }
  const qa: QaReport = {
    campaign: campaign.name,
    generatedAt: ctx.clock.now().toISOString(),
    ...accumulator.snapshot(),
    ...annotatorQa(ctx.db, campaign.id, request.realIds ?? false),
  };
  qa.agreement = request.agreement ? request.agreement() : agreementSummary(ctx.db, campaign.id);
  const paths = companionPaths(request.out);
  writeFileSync(paths.qaJson, `${JSON.stringify(qa, null, 2)}\n`);
  writeFileSync(paths.qaMarkdown, qaMarkdown(qa));
  writeFileSync(
    paths.card,
    dataCard({ db: ctx.db, campaign, settings, format: request.format, fileName: basename(request.out), rows, filters, aggregation: request.aggregation?.name ?? "majority vote", qa }),
  );
  return { path: request.out, rows, items, qaMarkdownPath: paths.qaMarkdown, qaJsonPath: paths.qaJson, cardPath: paths.card, qa };
}
