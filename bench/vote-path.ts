import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ManualClock } from "../src/clock.js";
import { silentLogger } from "../src/logger.js";
import { seededRandom } from "../src/random.js";
import { castVote } from "../src/services/cast-vote.js";
import type { ServiceContext } from "../src/services/context.js";
import { nextAssignment } from "../src/services/next-assignment.js";
import { startCheckpointer } from "../src/storage/checkpointer.js";
import { closeDatabase } from "../src/storage/database.js";
import { InsertCeiling } from "./ceiling.js";
import { largeDatabase } from "./large-db.js";
import { fmt, nowMs, summarize } from "./stats-util.js";
import { SCREEN_CHOICES } from "../src/domain/choice.js";

export const BENCH_DIR = join(tmpdir(), "pairwise-bench");

export interface VotePathFigures {
  ceilingPerSecond: number;
  pairsPerSecond: number;
  ratio: number;
}

/**
 * The hot path on a database of 1,000,000 items and 1,000 annotators (one with 100,000 past
 * judgments): each step asks for the next item and votes on it, as an annotator clicking through.
 */
export async function runVotePathBench(print: (line: string) => void, options: { items?: number; pairs?: number } = {}): Promise<VotePathFigures> {
  mkdirSync(BENCH_DIR, { recursive: true });
  const items = options.items ?? 1_000_000;
  const pairs = options.pairs ?? 5_000;
  const annotators = 1_000;
  const { db, campaign, path } = await largeDatabase(BENCH_DIR, { items, annotators, heavyHistory: 100_000 }, print);
  // As the bot runs it: WAL checkpoints on a thread of their own (src/storage/checkpointer.ts).
  const checkpointer = startCheckpointer(db, path, silentLogger());
  // Simulated time: each annotator takes 30 s per comparison, as people do; a vote 0 ms after the
  // item appeared would be flagged as too fast and measure the anomaly path instead.
  const clock = new ManualClock(Date.now());
  const ctx: ServiceContext = { db, clock, logger: silentLogger(), random: seededRandom(5) };
  const choices = SCREEN_CHOICES;
  const next: number[] = [];
  const vote: number[] = [];
  const heavyNext: number[] = [];
  // Warm the statement caches and the page cache.
  for (let i = 0; i < 50; i++) {
    const a = await nextAssignment(ctx, { campaign, annotator: { platform: "slack", workspaceId: "T1", userId: `U${i}` } });
    clock.advance(30_000);
    await castVote(ctx, { annotator: { platform: "slack", workspaceId: "T1", userId: `U${i}` }, assignmentId: a.assignment.id, choice: "1" });
  }
  const ceilingRun = new InsertCeiling(BENCH_DIR);
  let elapsed = 0;
  let blockStart = nowMs();
  for (let i = 0; i < pairs; i++) {
    // Alternate blocks of the vote path and of the ceiling, so both see the same machine load.
    if (i > 0 && i % 250 === 0) {
      elapsed += nowMs() - blockStart;
      ceilingRun.block(250);
      blockStart = nowMs();
    }
    // Every 10th step is the annotator with 100,000 past judgments.
    const userId = i % 10 === 0 ? "U0" : `U${i % annotators}`;
    const annotator = { platform: "slack", workspaceId: "T1", userId };
    const t0 = nowMs();
    const a = await nextAssignment(ctx, { campaign, annotator });
    const t1 = nowMs();
    clock.advance(30_000);
    await castVote(ctx, { annotator, assignmentId: a.assignment.id, choice: choices[i % 4]! });
    const t2 = nowMs();
    next.push(t1 - t0);
    vote.push(t2 - t1);
    if (userId === "U0") heavyNext.push(t1 - t0);
  }
  elapsed += nowMs() - blockStart;
  ceilingRun.block(250);
  await checkpointer.stop();
  closeDatabase(db);
  const ceiling = ceilingRun.result();
  ceilingRun.close();
  const pairsPerSecond = (pairs / elapsed) * 1000;
  const n = summarize(next);
  const v = summarize(vote);
  const pair = summarize(next.map((x, i) => x + vote[i]!));
  const h = summarize(heavyNext);
  print(`ceiling: raw single-row insert (WAL, synchronous=FULL, one commit each): ${fmt(ceiling.perSecond, 0)}/s (${fmt(ceiling.usEach, 1)} µs each)`);
  print(
    `vote path on ${items.toLocaleString("en-US")} items × ${annotators} annotators, ${pairs} next+vote pairs: ${fmt(pairsPerSecond, 0)} pairs/s = ${fmt((100 * pairsPerSecond) / ceiling.perSecond, 1)}% of the ceiling (target ≥ 25%)`,
  );
  print(`  nextAssignment  p50 ${fmt(n.p50)} ms  p99 ${fmt(n.p99)} ms  max ${fmt(n.max)} ms`);
  print(`  castVote        p50 ${fmt(v.p50)} ms  p99 ${fmt(v.p99)} ms  max ${fmt(v.max)} ms`);
  print(`  next+vote       p50 ${fmt(pair.p50)} ms  p99 ${fmt(pair.p99)} ms  (target p99 < 2 ms)`);
  print(`  next for the annotator with 100,000 past judgments: p50 ${fmt(h.p50)} ms  p99 ${fmt(h.p99)} ms`);
  return { ceilingPerSecond: ceiling.perSecond, pairsPerSecond, ratio: pairsPerSecond / ceiling.perSecond };
}
