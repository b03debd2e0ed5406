import type { PostgresDb } from "../postgres/handle.js";
import { humanJudgment } from "../human-judgments.js";
import type { StagingDb } from "../staging-database.js";
import { statement } from "../statement.js";
import { stagedAnnotators, stagedIdsAfter, stagedItemsAfter, stagedJudgmentsBetween, stagedTextsOf, unstageItems } from "./staged-items.repo.js";

/*
 * Publishing an import's staged rows into PostgreSQL. The staging database stays an SQLite file
 * (storage/staging-database.ts); PostgreSQL cannot attach it as SQLite does, so its rows are read
 * here, a page at a time, and sent over as arrays (`unnest`), one statement per table and page.
 * import-batches.repo.ts calls these for a PostgreSQL database and keeps its attached-file SQL for
 * SQLite; both give the same rows, ids in line order, counts and annotators.
 *
 * The SQL here is PostgreSQL's own (arrays, casts), since it never runs on SQLite.
 */

/** Staged ids checked against the campaign per query. */
const ID_PAGE = 1000;

/** The campaign's items among these external ids, with their texts. */
function campaignItemsAmong(
  db: PostgresDb,
  campaignId: number,
  externalIds: string[],
): Promise<{ externalId: string; prompt: string; responseA: string; responseB: string }[]> {
  return statement<[number, string[]], { externalId: string; prompt: string; responseA: string; responseB: string }>(
    db,
    `SELECT external_id AS "externalId", prompt, response_a AS "responseA", response_b AS "responseB"
     FROM comparisons WHERE campaign_id = ? AND external_id = ANY(CAST(? AS text[]))`,
  ).all(campaignId, externalIds);
}

/**
 * Staged rows whose id the campaign already has, the first `limit` by line; with `differing`,
 * only those whose prompt or responses differ from the campaign's item.
 */
export async function stagedClashesPg(
  db: PostgresDb,
  staging: StagingDb,
  campaignId: number,
  limit: number,
  differing: boolean,
): Promise<{ id: string; line: number }[]> {
  const found: { id: string; line: number }[] = [];
  for (let afterLine = 0; found.length < limit; ) {
    const page = stagedIdsAfter(staging, afterLine, ID_PAGE);
    if (page.length === 0) break;
    afterLine = page[page.length - 1]!.line;
    const existing = await campaignItemsAmong(
      db,
      campaignId,
      page.map((r) => r.externalId),
    );
    if (existing.length === 0) continue;
    const byId = new Map(existing.map((e) => [e.externalId, e]));
    const staged = differing ? stagedTextsOf(staging, [...byId.keys()]) : undefined;
    for (const row of page) {
      const item = byId.get(row.externalId);
      if (!item) continue;
      if (staged) {
        const s = staged.get(row.externalId)!;
        if (s.prompt === item.prompt && s.responseA === item.responseA && s.responseB === item.responseB) continue;
      }
      found.push({ id: row.externalId, line: row.line });
      if (found.length === limit) break;
    }
  }
  return found;
}

/** Drops from staging the rows whose id the campaign already has; returns how many. */
export async function dropStagedClashesPg(db: PostgresDb, staging: StagingDb, campaignId: number): Promise<number> {
  let dropped = 0;
  for (let afterLine = 0; ; ) {
    const page = stagedIdsAfter(staging, afterLine, ID_PAGE);
    if (page.length === 0) return dropped;
    afterLine = page[page.length - 1]!.line;
    const existing = await campaignItemsAmong(
      db,
      campaignId,
      page.map((r) => r.externalId),
    );
    dropped += unstageItems(
      staging,
      existing.map((e) => e.externalId),
    );
  }
}

/** Records the external annotators named by the staged judgments (PandaLM's three), once each. */
export async function insertStagedAnnotatorsPg(db: PostgresDb, staging: StagingDb, now: number): Promise<void> {
  const names = stagedAnnotators(staging);
  if (names.length === 0) return;
  await statement<[number, string[]]>(
    db,
    `INSERT INTO annotators (platform, workspace_id, user_id, display_name, status, created_at)
     SELECT 'external', 'import', s.name, s.name, 'qualified', CAST(? AS bigint) FROM unnest(CAST(? AS text[])) WITH ORDINALITY AS s(name, n) ORDER BY s.n
     ON CONFLICT (platform, workspace_id, user_id) DO NOTHING`,
  ).run(now, names);
}

/**
 * Copies the staged rows after line `afterLine` (at most `limit`) into the campaign with their
 * judgments, as import-batches.repo.ts's `publishStagedChunk` does on SQLite. Call inside a transaction.
 */
export async function publishStagedChunkPg(
  db: PostgresDb,
  staging: StagingDb,
  c: { batchId: number; campaignId: number; overlap: number; afterLine: number; limit: number; now: number },
): Promise<{ rows: number; judgments: number; lastLine: number }> {
  const items = stagedItemsAfter(staging, c.afterLine, c.limit);
  if (items.length === 0) return { rows: 0, judgments: 0, lastLine: c.afterLine };
  const lastLine = items[items.length - 1]!.line;
  const column = <K extends keyof (typeof items)[number]>(key: K) => items.map((item) => item[key]);
  // In line order, so ids follow the file as they do on SQLite.
  const inserted = await statement<unknown[], { id: number; externalId: string; kind: string }>(
    db,
    `INSERT INTO comparisons (campaign_id, external_id, prompt, response_a, response_b, model_a, model_b, tags, metadata,
       kind, gold_answer, gold_explanation, target_overlap, import_batch_id, created_at)
     SELECT CAST(? AS bigint), s.external_id, s.prompt, s.response_a, s.response_b, s.model_a, s.model_b, s.tags, s.metadata,
       s.kind, s.gold_answer, s.gold_explanation, CAST(? AS bigint), CAST(? AS bigint), CAST(? AS bigint)
     FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]),
                 CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]))
          WITH ORDINALITY AS s(external_id, prompt, response_a, response_b, model_a, model_b, tags, metadata, kind, gold_answer, gold_explanation, n)
     ORDER BY s.n
     RETURNING id, external_id AS "externalId", kind`,
  ).all(
    c.campaignId,
    c.overlap,
    c.batchId,
    c.now,
    column("externalId"),
    column("prompt"),
    column("responseA"),
    column("responseB"),
    column("modelA"),
    column("modelB"),
    column("tags"),
    column("metadata"),
    column("kind"),
    column("goldAnswer"),
    column("goldExplanation"),
  );
  const ids = inserted.map((r) => r.id);
  const firstId = Math.min(...ids);
  const lastId = Math.max(...ids);
  await statement<[number, number]>(db, "UPDATE import_batches SET first_comparison_id = coalesce(first_comparison_id, ?) WHERE id = ?").run(
    firstId,
    c.batchId,
  );

  const judgments = await insertStagedJudgments(db, staging, c, inserted, lastLine);
  if (judgments > 0) {
    await statement<[number, number, number]>(
      db,
      `UPDATE comparisons SET
         done_count = (SELECT count(*) FROM judgments j WHERE j.comparison_id = comparisons.id AND ${humanJudgment("j")}),
         active_count = (SELECT count(*) FROM judgments j WHERE j.comparison_id = comparisons.id AND ${humanJudgment("j")})
       WHERE id >= ? AND id <= ? AND import_batch_id = ?`,
    ).run(firstId, lastId, c.batchId);
    await statement<[number, number, number]>(
      db,
      `UPDATE comparisons SET "full" = CASE WHEN kind = 'regular' AND active_count >= target_overlap THEN TRUE ELSE FALSE END
       WHERE id >= ? AND id <= ? AND import_batch_id = ?`,
    ).run(firstId, lastId, c.batchId);
  }
  return { rows: inserted.length, judgments, lastLine };
}

/**
 * The judgments staged with this chunk's items, under the items' new ids, in the order SQLite
 * inserts them (by item, then as staged); a second judgment of one person on one item is ignored.
 */
async function insertStagedJudgments(
  db: PostgresDb,
  staging: StagingDb,
  c: { campaignId: number; afterLine: number; now: number },
  inserted: { id: number; externalId: string; kind: string }[],
  lastLine: number,
): Promise<number> {
  const staged = stagedJudgmentsBetween(staging, c.afterLine, lastLine);
  if (staged.length === 0) return 0;
  const items = new Map(inserted.map((r) => [r.externalId, r]));
  const names = [...new Set(staged.map((j) => j.annotator))];
  const annotators = new Map(
    (
      await statement<[string[]], { id: number; userId: string }>(
        db,
        `SELECT id, user_id AS "userId" FROM annotators WHERE platform = 'external' AND workspace_id = 'import' AND user_id = ANY(CAST(? AS text[]))`,
      ).all(names)
    ).map((a) => [a.userId, a.id]),
  );
  const rows = staged
    .map((j, order) => ({ item: items.get(j.externalId), annotatorId: annotators.get(j.annotator), choice: j.choice, order }))
    .filter(
      (r): r is { item: { id: number; externalId: string; kind: string }; annotatorId: number; choice: (typeof staged)[number]["choice"]; order: number } =>
        Boolean(r.item && r.annotatorId !== undefined),
    )
    .sort((a, b) => a.item.id - b.item.id || a.order - b.order);
  if (rows.length === 0) return 0;
  return statement<unknown[]>(
    db,
    `INSERT INTO judgments (campaign_id, comparison_id, annotator_id, kind, choice, source, created_at, updated_at)
     SELECT CAST(? AS bigint), s.comparison_id, s.annotator_id, s.kind, s.choice, 'import', CAST(? AS bigint), CAST(? AS bigint)
     FROM unnest(CAST(? AS bigint[]), CAST(? AS bigint[]), CAST(? AS text[]), CAST(? AS text[])) WITH ORDINALITY AS s(comparison_id, annotator_id, kind, choice, n)
     ORDER BY s.n
     ON CONFLICT DO NOTHING`,
  ).run(
    c.campaignId,
    c.now,
    c.now,
    rows.map((r) => r.item.id),
    rows.map((r) => r.annotatorId),
    rows.map((r) => r.item.kind),
    rows.map((r) => r.choice),
  );
}
