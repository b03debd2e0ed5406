import type { PairwiseCore } from "../../src/app.js";
import type { ManualClock } from "../../src/clock.js";
import type { Choice } from "../../src/domain/choice.js";
import { closeDatabase } from "../../src/storage/database.js";
import { statement } from "../../src/storage/statement.js";
import { createTestCore } from "./core.js";
import { createPostgresTestCore } from "./postgres-core.js";
import { TEST_POSTGRES_URL } from "./postgres.js";

/**
 * One test body, run on SQLite and on PostgreSQL (PGlite, or the server CI sets in
 * PAIRWISE_TEST_POSTGRES_URL): `describe.each(BOTH_CORES)("… on %s", (_, make) => …)`. The
 * helpers below read and seed through storage/statement.ts, so they work on either.
 */
export interface AnyCore extends PairwiseCore {
  clock: ManualClock;
  /** Closes the database (PostgreSQL: drops it too). */
  close(): Promise<void>;
}

type MakeCore = (options?: { seed?: number; start?: string }) => Promise<AnyCore>;

const sqlite: MakeCore = async (options = {}) => {
  const core = createTestCore(options);
  return { ...core, close: async () => closeDatabase(core.services.db) };
};

const postgres: MakeCore = (options = {}) => createPostgresTestCore(options);

export const BOTH_CORES: [string, MakeCore][] = [
  ["SQLite", sqlite],
  [TEST_POSTGRES_URL ? "PostgreSQL (server)" : "PostgreSQL (PGlite)", postgres],
];

/** Every row of a query, on either database. */
export function rows<Row, Params extends unknown[] = unknown[]>(core: PairwiseCore, sql: string, ...params: Params): Promise<Row[]> {
  return statement<Params, Row>(core.services.db, sql).all(...params);
}

/** Inserts comparisons directly, as seedComparisons does on SQLite; returns their ids. */
export async function seedItems(
  core: PairwiseCore,
  campaignId: number,
  count: number,
  options: { kind?: "regular" | "gold" | "calibration"; overlap?: number; gold?: Choice; prefix?: string } = {},
): Promise<number[]> {
  const insert = statement<[number, string, string, string, string, string, string | null, string | null, number, number], { id: number }>(
    core.services.db,
    `INSERT INTO comparisons (campaign_id, external_id, prompt, response_a, response_b, model_a, model_b, kind, gold_answer, gold_explanation, target_overlap, created_at)
     VALUES (?, ?, ?, ?, ?, 'model-x', 'model-y', ?, ?, ?, ?, ?) RETURNING id`,
  );
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const row = await insert.get(
      campaignId,
      `${options.prefix ?? options.kind ?? "item"}-${i}`,
      JSON.stringify([{ role: "user", content: `Prompt ${i}: explain item ${i}.` }]),
      `Answer A for ${i}`,
      `Answer B for ${i}`,
      options.kind ?? "regular",
      options.gold ?? null,
      options.gold ? `Because ${options.gold} is right.` : null,
      options.overlap ?? 3,
      0,
    );
    ids.push(row!.id);
  }
  return ids;
}
