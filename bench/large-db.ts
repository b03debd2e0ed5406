import { copyFileSync, existsSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseCampaignText } from "../src/io/campaign-file.js";
import { saveCampaign } from "../src/services/save-campaign.js";
import { closeDatabase, openDatabase, type SqliteDb } from "../src/storage/database.js";
import { silentLogger } from "../src/logger.js";
import { systemClock } from "../src/clock.js";
import { seededRandom } from "../src/random.js";

export const PANDALM = "test/fixtures/data/PandaLM/testset-v1.json";

interface PandaRow {
  instruction: string;
  input: string;
  response1: unknown;
  response2: unknown;
  cmp_key: string;
}

/** The shared PandaLM texts, the source every bench item replicates (no invented text). */
export function pandaTexts(): { prompt: string; a: string; b: string; modelA: string; modelB: string }[] {
  const rows = JSON.parse(readFileSync(PANDALM, "utf8")) as PandaRow[];
  return rows.map((r) => {
    const [modelA = "", modelB = ""] = r.cmp_key.split("_");
    return { prompt: r.input ? `${r.instruction}\n\n${r.input}` : r.instruction, a: String(r.response1), b: String(r.response2), modelA, modelB };
  });
}

export interface LargeDbSpec {
  items: number;
  annotators: number;
  /** Past judgments of the first annotator, on items that are already complete. */
  heavyHistory: number;
}

const TEMPLATE_VERSION = 6;

/**
 * Builds (once, cached under `dir`) a database with `items` comparisons in one active campaign,
 * `annotators` annotators, and one annotator with a long history; returns a fresh copy to work on.
 */
export async function largeDatabase(dir: string, spec: LargeDbSpec, log: (line: string) => void): Promise<{ path: string; db: SqliteDb; campaign: string }> {
  const template = join(dir, `large-v${TEMPLATE_VERSION}-${spec.items}-${spec.annotators}-${spec.heavyHistory}.db`);
  if (!existsSync(template)) {
    await log(`building ${spec.items.toLocaleString("en-US")}-item bench database (once, cached at ${template})…`);
    await buildTemplate(template, spec);
  }
  const path = join(dir, "large-work.db");
  for (const suffix of ["", "-wal", "-shm"]) rmSync(path + suffix, { force: true });
  copyFileSync(template, path);
  await log(`bench database: ${(statSync(path).size / 1e6).toFixed(0)} MB`);
  return { path, db: openDatabase(path), campaign: "bench" };
}

async function buildTemplate(path: string, spec: LargeDbSpec): Promise<void> {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(path + suffix, { force: true });
  const db = openDatabase(path);
  const ctx = { db, clock: systemClock, logger: silentLogger(), random: seededRandom(1) };
  const file = parseCampaignText("name: bench\nstatus: active\nguidelines: Pick the better response.\ngoldRate: 0.06\noverlap: 3\n", "bench.yaml");
  const campaignId = (await saveCampaign(ctx, { file, mode: "create" })).campaign.id;
  const texts = pandaTexts();
  const c = db.$client;
  c.pragma("synchronous = OFF"); // building a fixture, not serving votes
  const now = Date.now();
  const insertItem = c.prepare(
    `INSERT INTO comparisons (campaign_id, external_id, prompt, response_a, response_b, model_a, model_b, kind, gold_answer, gold_explanation, target_overlap, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 3, ?)`,
  );
  // Bulk load without the comparisons indexes, then rebuild them: much faster than a million index updates.
  const indexes = c.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'comparisons' AND sql IS NOT NULL").all() as {
    name: string;
    sql: string;
  }[];
  for (const index of indexes) c.exec(`DROP INDEX ${index.name}`);
  c.transaction(() => {
    for (let i = 0; i < spec.items; i++) {
      const t = texts[i % texts.length]!;
      const gold = i % 50 === 0; // 2% of items are gold
      insertItem.run(
        campaignId,
        `item-${i}`,
        JSON.stringify([{ role: "user", content: t.prompt }]),
        t.a,
        t.b,
        t.modelA,
        t.modelB,
        gold ? "gold" : "regular",
        gold ? "a" : null,
        gold ? "Reference." : null,
        now,
      );
    }
  })();
  for (const index of indexes) c.exec(index.sql);
  const insertAnnotator = c.prepare("INSERT INTO annotators (platform, workspace_id, user_id, status, created_at) VALUES ('slack', 'T1', ?, 'qualified', ?)");
  c.transaction(() => {
    for (let i = 0; i < spec.annotators; i++) insertAnnotator.run(`U${i}`, now);
  })();
  // The heavy annotator's history: complete items it judged long ago.
  const insertAssignment = c.prepare(
    "INSERT INTO assignments (campaign_id, comparison_id, annotator_id, kind, display_order, status, shown_at, lease_ends_at, completed_at) VALUES (?, ?, 1, 'regular', 'ab', 'done', ?, ?, ?) RETURNING id",
  );
  const insertJudgment = c.prepare(
    "INSERT INTO judgments (campaign_id, comparison_id, annotator_id, assignment_id, choice, display_order, time_taken_ms, source, created_at, updated_at) VALUES (?, ?, 1, ?, 'a', 'ab', 30000, 'platform', ?, ?)",
  );
  const regularIds = c.prepare("SELECT id FROM comparisons WHERE kind = 'regular' ORDER BY id LIMIT ?").all(spec.heavyHistory) as { id: number }[];
  c.transaction(() => {
    for (const { id } of regularIds) {
      const a = insertAssignment.get(campaignId, id, now, now, now) as { id: number };
      insertJudgment.run(campaignId, id, a.id, now, now);
    }
    c.prepare(
      `UPDATE comparisons SET active_count = 3, done_count = 3, full = 1 WHERE id IN (SELECT comparison_id FROM assignments WHERE annotator_id = 1)`,
    ).run();
  })();
  c.exec("ANALYZE");
  closeDatabase(db);
}
