import { renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { DEGENERATE_KINDS, DEGENERATE_LABELS, type DegenerateKind } from "../../domain/degenerate-target.js";
import { PairwiseError } from "../../errors.js";
import type { Clock } from "../../clock.js";
import { parseStoredSettings } from "../../domain/campaign-settings.js";
import type { Db } from "../../storage/database.js";
import { requireCampaignNamed } from "../../storage/repos/campaigns.repo.js";
import { countCampaignJudgments } from "../../storage/repos/item-votes.repo.js";
import { writeLines } from "../write-lines.js";
import { agreementSummary } from "./agreement-summary.js";
import { createAiShareCounter, type AiShare } from "./ai-share.js";
import { dataCard } from "./data-card.js";
import { EXPORT_FORMATS, exportFormat, formatItem, isExportFormat, type ExportFormat, type ItemFormat } from "./formats/index.js";
import { labeledItems, type ExportFilters, type LabelOverride } from "./labeled-items.js";
import { leftOutSentences, LeftOutTally } from "./left-out.js";
import { qaMarkdown } from "./qa-markdown.js";
import { annotatorQa, createQaAccumulator, type QaReport } from "./qa-report.js";
import { rawJudgments } from "./raw-judgments.js";

export { EXPORT_FORMATS, type ExportFormat } from "./formats/index.js";

/** What an export needs from its caller: the database and the time (a service's context will do). */
export interface ExportContext {
  db: Db;
  clock: Clock;
}

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
  /** What was written and what was left out (by reason, with the option that keeps it), as sentences. */
  summary: string[];
}

/** Where the QA report and data card go: beside the export, named after it. */
export function companionPaths(out: string): { qaMarkdown: string; qaJson: string; card: string } {
  const stem = basename(out).replace(/\.(jsonl|json|csv)$/i, "");
  const dir = dirname(out);
  return { qaMarkdown: join(dir, `${stem}.qa.md`), qaJson: join(dir, `${stem}.qa.json`), card: join(dir, `${stem}.card.md`) };
}

interface Written {
  rows: number;
  items: number;
  tally: LeftOutTally;
  qa: ReturnType<ReturnType<typeof createQaAccumulator>["snapshot"]>;
  degenerate: Map<DegenerateKind, number>;
  /** How much of the file the AI judge made. */
  ai: AiShare;
}

/**
 * Writes a campaign's export in one streaming pass (constant memory), then its QA report (Markdown
 * and JSON) and data card beside it. Everything left out is counted by reason. An export with no
 * row writes no file at all and throws an EMPTY error that explains why and what would keep items.
 * The file is written under a temporary name and renamed when complete: never half-written.
 */
export async function runExport(ctx: ExportContext, request: ExportRequest): Promise<ExportResult> {
  if (!isExportFormat(request.format)) {
    throw new PairwiseError("VALIDATION", `Unknown format "${request.format}". Available: ${EXPORT_FORMATS.join(", ")}.`);
  }
  if (request.out === "-") throw new PairwiseError("VALIDATION", "Give --out a file path: the QA report and the data card are written beside the export.");
  const campaign = await requireCampaignNamed(ctx.db, request.campaign);
  const filters = request.filters ?? {};
  if (request.format === "raw") refuseItemFilters(filters, request.aggregation !== undefined);
  const partial = join(dirname(request.out), `.${basename(request.out)}.partial`);
  let written: Written;
  try {
    written =
      request.format === "raw"
        ? await writeRaw(ctx, campaign.id, partial, request)
        : await writeLabeled(ctx, campaign.id, partial, request, exportFormat(request.format));
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  const context = { format: request.format, filters };
  const summary = leftOutSentences(written.tally.lines(context), written.tally.judgments);
  if (written.rows === 0) {
    rmSync(partial, { force: true });
    throw new PairwiseError("EMPTY", emptyExplanation(campaign.name, request.format, summary));
  }
  renameSync(partial, request.out);

  const agreement = await agreementSummary(ctx.db, campaign.id, { realIds: request.realIds ?? false });
  const { byTag, ...file } = written.qa;
  const keptDegenerate = request.format === "csv" || (filters.keepDegenerate ?? false);
  const qa: QaReport = {
    campaign: campaign.name,
    generatedAt: ctx.clock.now().toISOString(),
    file: { name: basename(request.out), format: request.format, ...file },
    leftOut: written.tally.lines(context),
    leftOutJudgments: written.tally.judgments,
    degenerateTargets: DEGENERATE_KINDS.filter((k) => written.degenerate.has(k)).map((k) => ({
      kind: k,
      what: DEGENERATE_LABELS[k],
      items: written.degenerate.get(k)!,
      kept: keptDegenerate,
    })),
    agreement,
    byTag,
    ...(await annotatorQa(ctx.db, campaign.id, request.realIds ?? false, agreement.kappaVsOthers)),
    ai: written.ai,
  };
  const paths = companionPaths(request.out);
  writeFileSync(paths.qaJson, `${JSON.stringify(qa, null, 2)}\n`);
  writeFileSync(paths.qaMarkdown, qaMarkdown(qa));
  writeFileSync(
    paths.card,
    await dataCard({
      db: ctx.db,
      campaign,
      settings: parseStoredSettings(campaign.settings),
      format: request.format,
      fileName: basename(request.out),
      filters,
      aggregation: request.aggregation?.name ?? "majority vote",
      qa,
    }),
  );
  return {
    path: request.out,
    rows: written.rows,
    items: written.items,
    qaMarkdownPath: paths.qaMarkdown,
    qaJsonPath: paths.qaJson,
    cardPath: paths.card,
    qa,
    summary,
  };
}

async function writeLabeled(ctx: ExportContext, campaignId: number, path: string, request: ExportRequest, format: ItemFormat): Promise<Written> {
  const filters = request.filters ?? {};
  const tally = new LeftOutTally();
  const accumulator = createQaAccumulator();
  const degenerate = new Map<DegenerateKind, number>();
  const aiShare = await createAiShareCounter(ctx.db, campaignId, filters.includeAi ?? false);
  const total = await countCampaignJudgments(ctx.db, campaignId);
  let judgmentsSeen = 0;
  const lines = (async function* (): AsyncGenerator<string> {
    if (format.header !== undefined) yield format.header;
    for await (const item of labeledItems(ctx.db, campaignId, filters, tally, request.aggregation?.label)) {
      judgmentsSeen += item.label.judgments;
      if (judgmentsSeen % 1000 < item.label.judgments) request.onProgress?.(judgmentsSeen, total);
      for (const kind of format.defects(item)) degenerate.set(kind, (degenerate.get(kind) ?? 0) + 1);
      const formatted = formatItem(format, item, { conversational: request.conversational ?? false, keepDegenerate: filters.keepDegenerate ?? false });
      if ("leftOut" in formatted) {
        tally.leave(formatted.leftOut, formatted.leftOut === "degenerate" ? formatted.kinds : []);
        continue;
      }
      accumulator.add({ label: item.label.label, agreement: item.label.agreement, judgments: item.label.judgments, tags: item.tags }, formatted.rows.length);
      await aiShare.add({ votes: item.label.judgments, aiVotes: item.aiVotes });
      for (const row of formatted.rows) yield format.encode(row);
    }
  })();
  await writeLines(path, lines);
  const qa = accumulator.snapshot();
  return { rows: qa.rows, items: qa.items, tally, qa, degenerate, ai: await aiShare.result() };
}

async function writeRaw(ctx: ExportContext, campaignId: number, path: string, request: ExportRequest): Promise<Written> {
  const tally = new LeftOutTally();
  const total = await countCampaignJudgments(ctx.db, campaignId);
  // The raw file carries the AI judge's verdicts whatever --include-ai says, each with its provenance.
  const aiShare = await createAiShareCounter(ctx.db, campaignId, request.filters?.includeAi ?? false);
  const items = new Set<string>();
  const lines = (async function* (): AsyncGenerator<string> {
    for await (const record of rawJudgments(ctx.db, { campaignId, realIds: request.realIds ?? false, filters: request.filters ?? {} })) {
      items.add(record.item_id);
      await aiShare.addRawRow(record.source === "ai");
      yield JSON.stringify(record);
    }
  })();
  const rows = await writeLines(path, lines, (n) => {
    if (n % 1000 === 0) request.onProgress?.(n, total);
  });
  tally.judgments.filtered = total - rows;
  return {
    rows,
    items: items.size,
    tally,
    qa: { rows, items: items.size, judgments: rows, labels: {}, unanimous: 0, meanAgreement: null, byTag: [] },
    degenerate: new Map(),
    ai: await aiShare.result(),
  };
}

/** The raw format keeps every judgment; options that pick items by their label do not apply to it. */
function refuseItemFilters(filters: ExportFilters, aggregation: boolean): void {
  const given = [
    ...(filters.minAgreement ? ["--min-agreement"] : []),
    ...(filters.excludeTies ? ["--exclude-ties"] : []),
    ...(filters.includeIncomplete ? ["--include-incomplete"] : []),
    ...(filters.keepDegenerate ? ["--keep-degenerate"] : []),
    ...(aggregation ? ["--aggregate"] : []),
  ];
  if (given.length > 0) {
    throw new PairwiseError(
      "VALIDATION",
      `${given.join(", ")} ${given.length === 1 ? "picks" : "pick"} items by their label, and the raw format has no labels: it keeps every judgment (flagged ones with their reasons). Drop ${given.length === 1 ? "it" : "them"}, or export a labeled format such as trl or csv.`,
    );
  }
}

function emptyExplanation(campaign: string, format: string, reasons: readonly string[]): string {
  const nothing =
    format === "raw" ? "The campaign has no judgments yet." : "The campaign has no items yet: import some with `pairwise import <campaign> <file>`.";
  const why = reasons.length > 0 ? reasons.join(" ") : nothing;
  return `Nothing to export from ${campaign} as ${format}, so no file was written. ${why}`;
}
