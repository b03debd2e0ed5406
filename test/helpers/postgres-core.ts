import type { PGlite } from "@electric-sql/pglite";
import type pg from "pg";
import { createCore, type PairwiseCore } from "../../src/app.js";
import { ManualClock } from "../../src/clock.js";
import type { ChatTurn } from "../../src/domain/comparison.js";
import { silentLogger } from "../../src/logger.js";
import { seededRandom } from "../../src/random.js";
import { postgresDb } from "../../src/storage/postgres/database.js";
import type { PostgresDb } from "../../src/storage/postgres/handle.js";
import { pgliteDb } from "../../src/storage/postgres/pglite.js";
import { statement } from "../../src/storage/statement.js";
import { freshPostgres, type TestPostgres } from "./postgres.js";

/** A core on a fresh PostgreSQL database (a real server with PAIRWISE_TEST_POSTGRES_URL, else PGlite), as createTestCore makes one on SQLite. */
export interface PostgresTestCore extends PairwiseCore {
  clock: ManualClock;
  services: PairwiseCore["services"] & { db: PostgresDb };
  postgres: TestPostgres;
  /** Closes the connections and drops the database. */
  close(): Promise<void>;
}

/** The repos' view of a test database: node-postgres's pool on a server, the PGlite instance otherwise. */
function repoDbOf(postgres: TestPostgres): PostgresDb {
  return postgres.kind === "pglite" ? pgliteDb(postgres.client as PGlite) : postgresDb(postgres.client as pg.Pool);
}

/** Mirrors createTestCore (test/helpers/core.ts): the real migrations, a manual clock and seeded randomness, on PostgreSQL. */
export async function createPostgresTestCore(options: { seed?: number; start?: string } = {}): Promise<PostgresTestCore> {
  const postgres = await freshPostgres();
  const db = repoDbOf(postgres);
  const clock = new ManualClock(options.start ?? "2026-01-05T09:00:00Z");
  const core = createCore({ db, clock, logger: silentLogger(), random: seededRandom(options.seed ?? 42), leads: [], timezone: "UTC" });
  return { ...core, services: { ...core.services, db }, clock, postgres, close: () => postgres.close() };
}

/** Inserts comparisons directly, as seedComparisons does on SQLite; returns their ids. */
export async function seedPostgresComparisons(
  core: { services: { db: PostgresDb } },
  campaignId: number,
  count: number,
  options: { kind?: "regular" | "gold"; overlap?: number; gold?: "a" | "b"; prefix?: string } = {},
): Promise<number[]> {
  const insert = statement<[number, string, string, string, string, string, string | null, string | null, number, number], { id: number }>(
    core.services.db,
    `INSERT INTO comparisons (campaign_id, external_id, prompt, response_a, response_b, model_a, model_b, kind, gold_answer, gold_explanation, target_overlap, created_at)
     VALUES (?, ?, ?, ?, ?, 'model-x', 'model-y', ?, ?, ?, ?, ?) RETURNING id`,
  );
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const prompt: ChatTurn[] = [{ role: "user", content: `Prompt ${i}: explain item ${i}.` }];
    const row = await insert.get(
      campaignId,
      `${options.prefix ?? options.kind ?? "item"}-${i}`,
      JSON.stringify(prompt),
      `Answer A for ${i}`,
      `Answer B for ${i}`,
      options.kind ?? "regular",
      options.gold ?? null,
      options.gold ? `Because ${options.gold} is right.` : null,
      options.overlap ?? 3,
      Date.now(),
    );
    ids.push(row!.id);
  }
  return ids;
}
