import { ManualClock } from "../../src/clock.js";
import { createCore, type PairwiseCore } from "../../src/app.js";
import type { LeadRef } from "../../src/config.js";
import type { RetryPolicy } from "../../src/core/channel-posts/retry-policy.js";
import { parseCampaignText } from "../../src/io/campaign-file.js";
import { silentLogger, type Logger } from "../../src/logger.js";
import { seededRandom } from "../../src/random.js";
import { saveCampaign } from "../../src/services/save-campaign.js";
import { openDatabase, type SqliteDb } from "../../src/storage/database.js";
import type { ChatTurn } from "../../src/domain/comparison.js";
import type { JudgeWiring } from "../../src/core/dispatch-context.js";
import type { Choice } from "../../src/domain/choice.js";

export interface TestCore extends PairwiseCore {
  clock: ManualClock;
  /** The services, on the SQLite database this core opened (tests reach into it). */
  services: PairwiseCore["services"] & { db: SqliteDb };
}

/** A core on a fresh `:memory:` database with the real migrations, a manual clock and seeded randomness. */
export function createTestCore(
  options: {
    seed?: number;
    leads?: LeadRef[];
    start?: string;
    timezone?: string;
    databasePath?: string;
    busyTimeoutMs?: number;
    postRetry?: RetryPolicy;
    logger?: Logger;
    judge?: Omit<JudgeWiring, "running">;
  } = {},
): TestCore {
  const db = openDatabase(options.databasePath ?? ":memory:", options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.busyTimeoutMs });
  const clock = new ManualClock(options.start ?? "2026-01-05T09:00:00Z");
  const core = createCore({
    db,
    clock,
    logger: options.logger ?? silentLogger(),
    random: seededRandom(options.seed ?? 42),
    leads: options.leads ?? [],
    timezone: options.timezone ?? "UTC",
    ...(options.postRetry ? { postRetry: options.postRetry } : {}),
    ...(options.judge ? { judge: options.judge } : {}),
  });
  return { ...core, services: { ...core.services, db }, clock };
}

/** Creates a campaign from YAML text (defaults filled in) and returns its row. */
export async function seedCampaign(core: PairwiseCore, yaml: string) {
  const file = parseCampaignText(yaml, "test-campaign.yaml");
  return (await saveCampaign(core.services, { file, mode: "create" })).campaign;
}

/** Inserts comparisons directly (the import path has its own tests). */
export function seedComparisons(
  core: { services: { db: SqliteDb } },
  campaignId: number,
  count: number,
  options: {
    kind?: "regular" | "gold" | "calibration";
    overlap?: number;
    gold?: Choice;
    prefix?: string;
    text?: (i: number) => { prompt?: ChatTurn[]; a?: string; b?: string };
  } = {},
): number[] {
  const insert = core.services.db.$client.prepare(
    `INSERT INTO comparisons (campaign_id, external_id, prompt, response_a, response_b, model_a, model_b, kind, gold_answer, gold_explanation, target_overlap, created_at)
     VALUES (?, ?, ?, ?, ?, 'model-x', 'model-y', ?, ?, ?, ?, ?) RETURNING id`,
  );
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = options.text?.(i) ?? {};
    const prompt = t.prompt ?? [{ role: "user", content: `Prompt ${i}: explain item ${i}.` }];
    const row = insert.get(
      campaignId,
      `${options.prefix ?? options.kind ?? "item"}-${i}`,
      JSON.stringify(prompt),
      t.a ?? `Answer A for ${i}`,
      t.b ?? `Answer B for ${i}`,
      options.kind ?? "regular",
      options.gold ?? null,
      options.gold ? `Because ${options.gold} is right.` : null,
      options.overlap ?? 3,
      Date.now(),
    ) as { id: number };
    ids.push(row.id);
  }
  return ids;
}
