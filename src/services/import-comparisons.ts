import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import Database from "better-sqlite3";
import type { ImportedItem } from "../domain/comparison.js";
import { PairwiseError } from "../errors.js";
import { readImportFile, type ImportOptions, type ImportReport } from "../io/import/index.js";
import { campaignSettings, requireCampaign } from "./find-campaign.js";
import type { ServiceContext } from "./context.js";
import { humanJudgment } from "../storage/human-judgments.js";

export interface ImportComparisonsInput {
  campaign: string;
  path: string;
  /** Name shown in messages (the attachment name when the file came from chat). */
  fileLabel?: string;
  format?: ImportOptions["format"];
  /** Import the judgments that come with rows (PandaLM's labels). Default true. */
  includeJudgments?: boolean;
  /** Skip rows whose id is already in the campaign instead of failing. */
  skipExisting?: boolean;
  /** Only the first N rows (samples, demos). */
  limit?: number;
  onProgress?: (bytesRead: number, totalBytes: number, rows: number) => void;
}

export interface ImportResult {
  batchId: number;
  rows: number;
  imported: number;
  gold: number;
  judgments: number;
  skippedExisting: number;
  repeatedRows: number;
  report: ImportReport;
}

const STAGING_SCHEMA = `
  CREATE TABLE items (
    line INTEGER NOT NULL, external_id TEXT NOT NULL, generated INTEGER NOT NULL,
    prompt TEXT NOT NULL, response_a TEXT NOT NULL, response_b TEXT NOT NULL, model_a TEXT, model_b TEXT,
    tags TEXT NOT NULL, metadata TEXT NOT NULL, kind TEXT NOT NULL, gold_answer TEXT, gold_explanation TEXT);
  CREATE UNIQUE INDEX items_external ON items(external_id);
  CREATE TABLE judgments (external_id TEXT NOT NULL, annotator TEXT NOT NULL, choice TEXT NOT NULL);
`;

/**
 * Imports a file of comparisons into a campaign, all or nothing.
 *
 * Rows stream from the file into a private staging database on disk (so a 1 GB file needs little
 * memory and the live database is not locked while the file is read); then one transaction on the
 * live database checks ids against the campaign and copies everything in. A bad row, a duplicate
 * id or an id the campaign already has fails the import before anything is written.
 */
export async function importComparisons(ctx: ServiceContext, input: ImportComparisonsInput): Promise<ImportResult> {
  const campaign = requireCampaign(ctx, input.campaign);
  if (campaign.status === "closed") throw new PairwiseError("CONFLICT", `Campaign "${campaign.name}" is closed; it takes no new items.`);
  const settings = campaignSettings(campaign);
  const fileLabel = input.fileLabel ?? basename(input.path);
  const includeJudgments = input.includeJudgments ?? true;

  const dir = mkdtempSync(join(tmpdir(), "pairwise-import-"));
  const stagingPath = join(dir, "staging.db");
  const staging = new Database(stagingPath);
  try {
    staging.pragma("journal_mode = OFF");
    staging.pragma("synchronous = OFF");
    staging.exec(STAGING_SCHEMA);
    const readOptions: ImportOptions = { fileLabel, random: ctx.random };
    if (input.format) readOptions.format = input.format;
    if (input.onProgress) {
      const onProgress = input.onProgress;
      let rowsSoFar = 0;
      readOptions.onProgress = (read: number, total: number) => onProgress(read, total, rowsSoFar);
      readOptions.onRow = () => {
        rowsSoFar++;
      };
    }
    const { items, report } = readImportFile(input.path, readOptions);
    const staged = await stage(staging, items, { includeJudgments, limit: input.limit, fileLabel, unit: () => report.unit });
    staging.close();

    const result = commit(ctx, { campaignId: campaign.id, overlap: settings.overlap, stagingPath, fileLabel, report, skipExisting: input.skipExisting ?? false });
    return { ...result, rows: staged.rows, repeatedRows: staged.repeated, report };
  } finally {
    if (staging.open) staging.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function stage(
  staging: Database.Database,
  items: AsyncIterable<ImportedItem>,
  options: { includeJudgments: boolean; limit: number | undefined; fileLabel: string; unit: () => "line" | "record" },
): Promise<{ rows: number; repeated: number }> {
  const insertItem = staging.prepare(
    `INSERT INTO items VALUES (@line, @externalId, @generated, @prompt, @responseA, @responseB, @modelA, @modelB, @tags, @metadata, @kind, @goldAnswer, @goldExplanation)
     ON CONFLICT (external_id) DO NOTHING`,
  );
  const findLine = staging.prepare("SELECT line, generated, prompt, response_a, response_b FROM items WHERE external_id = ?");
  const insertJudgment = staging.prepare("INSERT INTO judgments VALUES (?, ?, ?)");
  let rows = 0;
  let repeated = 0;
  let batch: ImportedItem[] = [];
  // Batches keep the staging writes fast without holding more than a few thousand rows.
  const flush = staging.transaction((chunk: ImportedItem[]) => {
    for (const item of chunk) {
      const generated = item.externalId === undefined;
      const externalId = item.externalId ?? contentId(item);
      const changes = insertItem.run({
        line: item.line,
        externalId,
        generated: generated ? 1 : 0,
        prompt: JSON.stringify(item.prompt),
        responseA: item.responseA,
        responseB: item.responseB,
        modelA: item.modelA ?? null,
        modelB: item.modelB ?? null,
        tags: JSON.stringify(item.tags),
        metadata: JSON.stringify(item.metadata),
        kind: item.kind,
        goldAnswer: item.gold?.answer ?? null,
        goldExplanation: item.gold?.explanation ?? null,
      }).changes;
      if (changes === 0) {
        const first = findLine.get(externalId) as { line: number; generated: number; prompt: string; response_a: string; response_b: string };
        if (generated && first.generated === 1) {
          repeated++; // the same prompt and responses again, without ids: imported once
          continue;
        }
        // A file with one row per judgment (the raw export): the item again, with another judgment.
        if (item.repeats && first.prompt === JSON.stringify(item.prompt) && first.response_a === item.responseA && first.response_b === item.responseB) {
          if (options.includeJudgments) for (const j of item.judgments) insertJudgment.run(externalId, j.annotator, j.choice);
          continue;
        }
        throw new PairwiseError(
          "VALIDATION",
          options.unit() === "record"
            ? `${options.fileLabel}, record ${item.line}, field "id": duplicate id "${externalId}" (first used at record ${first.line}). Give every row its own id.`
            : `${options.fileLabel}:${item.line}, field "id": duplicate id "${externalId}" (first used at line ${first.line}). Give every row its own id.`,
          { location: { file: options.fileLabel, line: item.line, field: "id" } },
        );
      }
      if (options.includeJudgments) for (const j of item.judgments) insertJudgment.run(externalId, j.annotator, j.choice);
    }
  });
  for await (const item of items) {
    if (options.limit !== undefined && rows >= options.limit) break;
    rows++;
    batch.push(item);
    if (batch.length >= 2000) {
      flush(batch);
      batch = [];
    }
  }
  flush(batch);
  return { rows, repeated };
}

/** A stable id for rows that came without one: the same content always gets the same id. */
function contentId(item: ImportedItem): string {
  const hash = createHash("sha256");
  hash.update(JSON.stringify(item.prompt)).update("\u0000").update(item.responseA).update("\u0000").update(item.responseB);
  return `h-${hash.digest("hex").slice(0, 16)}`;
}

function commit(
  ctx: ServiceContext,
  o: { campaignId: number; overlap: number; stagingPath: string; fileLabel: string; report: ImportReport; skipExisting: boolean },
): Omit<ImportResult, "rows" | "repeatedRows" | "report"> {
  const sqlite = ctx.db.$client;
  const now = ctx.clock.now().getTime();
  sqlite.prepare("ATTACH DATABASE ? AS staging").run(o.stagingPath);
  try {
    return sqlite
      .transaction(() => {
        const clashes = sqlite
          .prepare(
            `SELECT s.external_id AS id, s.line AS line FROM staging.items s
             JOIN comparisons c ON c.campaign_id = ? AND c.external_id = s.external_id ORDER BY s.line LIMIT 5`,
          )
          .all(o.campaignId) as { id: string; line: number }[];
        let skippedExisting = 0;
        if (clashes.length > 0) {
          if (!o.skipExisting) {
            const list = clashes.map((c) => `"${c.id}" (line ${c.line})`).join(", ");
            throw new PairwiseError(
              "CONFLICT",
              `${o.fileLabel}:${clashes[0]!.line}, field "id": the campaign already has ${list}${clashes.length === 5 ? " and maybe more" : ""}. Was this file imported before? Use --skip-existing to import only the new rows.`,
              { location: { file: o.fileLabel, line: clashes[0]!.line, field: "id" } },
            );
          }
          skippedExisting = sqlite
            .prepare("DELETE FROM staging.items WHERE external_id IN (SELECT external_id FROM comparisons WHERE campaign_id = ?)")
            .run(o.campaignId).changes;
        }
        const batch = sqlite
          .prepare("INSERT INTO import_batches (campaign_id, file_name, format, rows, report, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id")
          .get(o.campaignId, o.fileLabel, `${o.report.container}/${o.report.shape}`, o.report.rows, JSON.stringify(o.report), now) as { id: number };

        const imported = sqlite
          .prepare(
            `INSERT INTO comparisons (campaign_id, external_id, prompt, response_a, response_b, model_a, model_b, tags, metadata,
               kind, gold_answer, gold_explanation, target_overlap, import_batch_id, created_at)
             SELECT ?, external_id, prompt, response_a, response_b, model_a, model_b, tags, metadata,
               kind, gold_answer, gold_explanation, ?, ?, ? FROM staging.items ORDER BY line`,
          )
          .run(o.campaignId, o.overlap, batch.id, now).changes;
        const gold = (sqlite.prepare("SELECT count(*) AS n FROM staging.items WHERE kind <> 'regular'").get() as { n: number }).n;

        // External annotators that come with the file (PandaLM's three), one row each.
        sqlite
          .prepare(
            `INSERT INTO annotators (platform, workspace_id, user_id, display_name, status, created_at)
             SELECT DISTINCT 'external', 'import', annotator, annotator, 'qualified', ? FROM staging.judgments
             WHERE true ON CONFLICT (platform, workspace_id, user_id) DO NOTHING`,
          )
          .run(now);
        const judgments = sqlite
          .prepare(
            `INSERT INTO judgments (campaign_id, comparison_id, annotator_id, kind, choice, source, created_at, updated_at)
             SELECT ?, c.id, a.id, c.kind, j.choice, 'import', ?, ?
             FROM staging.judgments j
             JOIN comparisons c ON c.campaign_id = ? AND c.external_id = j.external_id AND c.import_batch_id = ?
             JOIN annotators a ON a.platform = 'external' AND a.workspace_id = 'import' AND a.user_id = j.annotator
             ON CONFLICT DO NOTHING`,
          )
          .run(o.campaignId, now, now, o.campaignId, batch.id).changes;
        if (judgments > 0) {
          // Imported judgments count toward the overlap like any other.
          sqlite
            .prepare(
              `UPDATE comparisons SET
                 done_count = (SELECT count(*) FROM judgments j WHERE j.comparison_id = comparisons.id AND ${humanJudgment("j")}),
                 active_count = (SELECT count(*) FROM judgments j WHERE j.comparison_id = comparisons.id AND ${humanJudgment("j")})
               WHERE import_batch_id = ?`,
            )
            .run(batch.id);
          sqlite
            .prepare("UPDATE comparisons SET full = CASE WHEN kind = 'regular' AND active_count >= target_overlap THEN 1 ELSE 0 END WHERE import_batch_id = ?")
            .run(batch.id);
        }
        return { batchId: batch.id, imported, gold, judgments, skippedExisting };
      })
      .immediate();
  } finally {
    sqlite.prepare("DETACH DATABASE staging").run();
  }
}
