import { createHash, randomBytes } from "node:crypto";
import { appendFileSync, createReadStream, mkdirSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { PairwiseError } from "../../errors.js";
import { aggregationFor, type ExportSelection, filtersFrom } from "../../io/export/export-options.js";
import type { ExportFilters } from "../../io/export/labeled-items.js";
import { companionPaths, runExport, type ExportFormat, type ExportResult } from "../../io/export/run-export.js";
import { findSnapshot, insertSnapshot, listSnapshots, type SnapshotRow } from "../../storage/repos/snapshots.repo.js";
import { withTransaction, type ServiceContext } from "../context.js";
import { requireCampaign } from "../find-campaign.js";
import { emitEvent } from "../webhooks/events.js";

export type { SnapshotRow } from "../../storage/repos/snapshots.repo.js";

/** The options of an export, as the API takes them (the CLI's flags, in snake case). */
export interface SnapshotOptions {
  format: ExportFormat;
  aggregate?: "majority" | "dawid-skene";
  conversational?: boolean;
  min_agreement?: string;
  exclude_ties?: boolean;
  include_flagged?: boolean;
  include_incomplete?: boolean;
  keep_degenerate?: boolean;
  qualified_only?: boolean;
  include_ai?: boolean;
  since?: string;
  until?: string;
  guideline_version?: number;
}

export interface SnapshotView {
  id: string;
  campaign: string;
  format: string;
  sha256: string;
  bytes: number;
  rows: number;
  items: number;
  /** Krippendorff's alpha (nominal) of the campaign when the snapshot was made, or null. */
  agreement: number | null;
  options: Record<string, unknown>;
  created_at: string;
}

/** The export filters the options stand for: the same defaults and checks as `pairwise export`, named by the API's fields. */
function filtersOf(o: SnapshotOptions): ExportFilters {
  const selection: ExportSelection = {};
  if (o.min_agreement !== undefined) selection.minAgreement = o.min_agreement;
  if (o.include_flagged) selection.includeFlagged = true;
  if (o.include_incomplete) selection.includeIncomplete = true;
  if (o.keep_degenerate) selection.keepDegenerate = true;
  if (o.exclude_ties) selection.excludeTies = true;
  if (o.qualified_only) selection.qualifiedOnly = true;
  if (o.include_ai) selection.includeAi = true;
  if (o.since !== undefined) selection.since = o.since;
  if (o.until !== undefined) selection.until = o.until;
  if (o.guideline_version !== undefined) selection.guidelineVersion = String(o.guideline_version);
  return filtersFrom(selection, "field");
}

export function snapshotView(row: SnapshotRow, campaign: string): SnapshotView {
  return {
    id: row.publicId,
    campaign,
    format: row.format,
    sha256: row.sha256,
    bytes: row.bytes,
    rows: row.rows,
    items: row.items,
    agreement: row.agreement,
    options: JSON.parse(row.options) as Record<string, unknown>,
    created_at: new Date(row.createdAt).toISOString(),
  };
}

/** Where a snapshot's files are: the export, its QA report (JSON and Markdown) and its dataset card. */
export function snapshotFiles(row: SnapshotRow): { data: string; qaJson: string; qaMarkdown: string; card: string } {
  const c = companionPaths(row.path);
  return { data: row.path, qaJson: c.qaJson, qaMarkdown: c.qaMarkdown, card: c.card };
}

/**
 * Exports a campaign as `pairwise export` does (same formats, filters, QA report and dataset card)
 * into a snapshot of its own under `dir`: an id, the SHA-256 and size of the exported bytes, and
 * the agreement at the time. The dataset card names the snapshot, so a model trained on the file
 * can be traced back to it, and `export.ready` goes to the campaign's webhooks.
 */
export async function createSnapshot(
  ctx: ServiceContext,
  input: { campaign: string; options: SnapshotOptions; dir: string },
): Promise<{ row: SnapshotRow; view: SnapshotView }> {
  const campaign = await requireCampaign(ctx, input.campaign);
  const o = input.options;
  const filters = filtersOf(o);
  const publicId = newSnapshotId();
  const folder = join(input.dir, publicId);
  mkdirSync(folder, { recursive: true });
  const out = join(folder, `${campaign.name}-${o.format}.${o.format === "csv" ? "csv" : "jsonl"}`);
  try {
    const result = await runExport(ctx, {
      campaign: campaign.name,
      format: o.format,
      out,
      filters,
      realIds: false,
      conversational: o.conversational ?? false,
      ...(await aggregationFor(ctx.db, campaign.id, { aggregate: o.aggregate ?? "majority", includeAi: filters.includeAi ?? false })),
    });
    return await recordSnapshot(ctx, { campaign: campaign.name, options: o, result, publicId });
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Keeps a finished export as a snapshot: hashes the exported bytes, names the snapshot in the
 * dataset card, records it, and queues `export.ready` in the same transaction. `pairwise export`
 * calls this too, so every export, from the CLI or the API, is a snapshot a pipeline can cite.
 */
export async function recordSnapshot(
  ctx: ServiceContext,
  input: { campaign: string; options: SnapshotOptions; result: Pick<ExportResult, "path" | "rows" | "items" | "cardPath" | "qa">; publicId?: string },
): Promise<{ row: SnapshotRow; view: SnapshotView }> {
  const campaign = await requireCampaign(ctx, input.campaign);
  const { result, options: o } = input;
  const publicId = input.publicId ?? newSnapshotId();
  const sha256 = await fileSha256(result.path);
  const bytes = statSync(result.path).size;
  appendFileSync(
    result.cardPath,
    `\n## Snapshot\n\nThis file is snapshot \`${publicId}\` of campaign \`${campaign.name}\`: ${bytes} bytes, SHA-256 \`${sha256}\`. Post training outcomes against this id (POST /campaigns/${campaign.name}/outcomes).\n`,
  );
  const agreement = result.qa.agreement.krippendorffAlphaNominal?.value ?? null;
  const now = ctx.clock.now().getTime();
  const row = await withTransaction(ctx, async () => {
    const inserted = await insertSnapshot(ctx.db, {
      publicId,
      campaignId: campaign.id,
      format: o.format,
      options: JSON.stringify(o),
      sha256,
      bytes,
      rows: result.rows,
      items: result.items,
      agreement,
      path: resolve(result.path),
      now,
    });
    await emitEvent(ctx.db, {
      campaignId: campaign.id,
      campaign: campaign.name,
      type: "export.ready",
      key: publicId,
      data: { snapshot_id: publicId, format: o.format, sha256, bytes, rows: result.rows, items: result.items },
      now,
    });
    return inserted;
  });
  return { row, view: snapshotView(row, campaign.name) };
}

const newSnapshotId = () => `snap_${randomBytes(8).toString("hex")}`;

export async function requireSnapshot(ctx: ServiceContext, publicId: string): Promise<{ row: SnapshotRow; campaign: string }> {
  const found = await findSnapshot(ctx.db, publicId);
  if (!found) throw new PairwiseError("NOT_FOUND", `No snapshot "${publicId}". List a campaign's snapshots with GET /campaigns/{campaign}/snapshots.`);
  return found;
}

export async function snapshotsOf(ctx: ServiceContext, campaignName: string): Promise<SnapshotView[]> {
  const campaign = await requireCampaign(ctx, campaignName);
  return (await listSnapshots(ctx.db, campaign.id)).map((r) => snapshotView(r, campaign.name));
}

function fileSha256(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash("sha256");
    createReadStream(path)
      .on("data", (chunk) => hash.update(chunk))
      .on("error", reject)
      .on("end", () => resolve(hash.digest("hex")));
  });
}
