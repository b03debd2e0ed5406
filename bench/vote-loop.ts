import { ManualClock } from "../src/clock.js";
import { parseCampaignText } from "../src/io/campaign-file.js";
import { silentLogger } from "../src/logger.js";
import { seededRandom } from "../src/random.js";
import { castVote } from "../src/services/cast-vote.js";
import type { ServiceContext } from "../src/services/context.js";
import { nextAssignment } from "../src/services/next-assignment.js";
import { saveCampaign } from "../src/services/save-campaign.js";
import type { Db } from "../src/storage/database.js";
import { statement } from "../src/storage/statement.js";
import { nowMs } from "./stats-util.js";

/** The campaign the dialect benches vote on. */
export const VOTE_CAMPAIGN = "votes";
/** Where every simulated clock starts: the same instant in every process of a run. */
const START = Date.UTC(2026, 0, 5, 9);
/**
 * Simulated seconds a person takes per item: past the too-fast floor of these short texts
 * (domain/anomalies.ts), so the votes measure the ordinary path, not the anomaly path.
 */
const READING_MS = 30_000;

/**
 * A campaign of `items` short comparisons (overlap 3, no gold), written by the same SQL on SQLite
 * and on PostgreSQL (a recursive row generator, which both know). Leases of a day: each voting
 * loop keeps a clock of its own, and a loop far ahead must not see another's item as abandoned.
 */
export async function seedVoteCampaign(db: Db, items: number): Promise<void> {
  const ctx: ServiceContext = { db, clock: new ManualClock(START), logger: silentLogger(), random: seededRandom(1) };
  const file = parseCampaignText(
    `name: ${VOTE_CAMPAIGN}\nstatus: active\nguidelines: Pick the better response.\ngoldRate: 0\noverlap: 3\nleaseMinutes: 1440\n`,
    "votes.yaml",
  );
  const campaignId = (await saveCampaign(ctx, { file, mode: "create" })).campaign.id;
  await statement<[number, number, number], never>(
    db,
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
     INSERT INTO comparisons (campaign_id, external_id, prompt, response_a, response_b, target_overlap, created_at)
     SELECT ?, 'q' || i, '[{"role":"user","content":"Question ' || i || '?"}]', 'Answer A' || i, 'Answer B' || i, 3, ? FROM n`,
  ).run(items, campaignId, START);
}

/** A bench annotator's identity. */
const annotator = (userId: string) => ({ platform: "slack", workspaceId: "T1", userId });

/** Next + vote for the annotators in turn, one pair at a time on one clock: the latency of each step, in ms. */
export async function sequentialPairs(db: Db, pairs: number, annotators: number): Promise<{ next: number[]; vote: number[] }> {
  const clock = new ManualClock(START);
  const ctx: ServiceContext = { db, clock, logger: silentLogger(), random: seededRandom(5) };
  const next: number[] = [];
  const vote: number[] = [];
  for (let i = 0; i < pairs; i++) {
    const who = annotator(`S${i % annotators}`);
    const t0 = nowMs();
    const a = await nextAssignment(ctx, { campaign: VOTE_CAMPAIGN, annotator: who });
    const t1 = nowMs();
    clock.advance(READING_MS);
    await castVote(ctx, { annotator: who, assignmentId: a.assignment.id, choice: i % 2 === 0 ? "1" : "2" });
    next.push(t1 - t0);
    vote.push(nowMs() - t1);
  }
  return { next, vote };
}

/**
 * `loops` annotators (named after `prefix`) each doing `pairsPerLoop` next + vote pairs, all at
 * once, as a bot process serving many people: how many pairs it completed and in how long.
 */
export async function concurrentPairs(db: Db, options: { loops: number; pairsPerLoop: number; prefix: string }): Promise<{ pairs: number; ms: number }> {
  const started = nowMs();
  await Promise.all(
    Array.from({ length: options.loops }, async (_, l) => {
      // A clock per person: their own reading time, whatever the others do meanwhile.
      const clock = new ManualClock(START);
      const ctx: ServiceContext = { db, clock, logger: silentLogger(), random: seededRandom(l + 1) };
      const who = annotator(`${options.prefix}-${l}`);
      for (let i = 0; i < options.pairsPerLoop; i++) {
        const a = await nextAssignment(ctx, { campaign: VOTE_CAMPAIGN, annotator: who });
        clock.advance(READING_MS);
        await castVote(ctx, { annotator: who, assignmentId: a.assignment.id, choice: i % 2 === 0 ? "1" : "2" });
      }
    }),
  );
  return { pairs: options.loops * options.pairsPerLoop, ms: nowMs() - started };
}
