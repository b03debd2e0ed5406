import { ManualClock } from "../src/clock.js";
import { silentLogger } from "../src/logger.js";
import { seededRandom } from "../src/random.js";
import { castVote } from "../src/services/cast-vote.js";
import type { ServiceContext } from "../src/services/context.js";
import { nextAssignment } from "../src/services/next-assignment.js";
import { inSharedCommit } from "../src/services/shared-commit.js";
import { voteOnCard } from "../src/services/vote-on-card.js";
import type { Db } from "../src/storage/database.js";
import type { PgQueryable, PostgresDb } from "../src/storage/postgres/handle.js";
import { openStore } from "../src/storage/open-store.js";
import { freshDatabase } from "./postgres.js";
import { fmt, nowMs, summarize } from "./stats-util.js";
import { seedVoteCampaign, VOTE_CAMPAIGN } from "./vote-loop.js";

/**
 * `npx tsx bench/pg-statements.ts postgres://…`: counts the statements one next + vote pair sends
 * to PostgreSQL, and lists them, through a wrapper around the pool (the product code is not
 * instrumented). Runs a few pairs first so every cache is warm, then counts over `PAIRS` pairs,
 * through castVote (the bench's path) and through voteOnCard in a shared commit (the bot's button,
 * core/dispatcher.ts).
 */
const PAIRS = 200;

interface Sent {
  text: string;
  count: number;
  /** Milliseconds each took, from sending to the answer. */
  ms: number[];
}

function counting(db: PostgresDb): { db: Db; sent: Map<string, Sent>; reset(): void; total(): number } {
  const sent = new Map<string, Sent>();
  let total = 0;
  const record = (text: string, ms: number) => {
    const one = text.replace(/\s+/g, " ").trim();
    const entry = sent.get(one) ?? { text: one, count: 0, ms: [] };
    entry.count++;
    entry.ms.push(ms);
    sent.set(one, entry);
    total++;
  };
  const wrap = <Q extends PgQueryable>(q: Q): Q =>
    new Proxy(q, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (prop === "query")
          return async (text: string, params: readonly unknown[], name?: string) => {
            const started = nowMs();
            try {
              return await target.query(text, params, name);
            } finally {
              record(text, nowMs() - started);
            }
          };
        if (prop === "connect") return async () => wrap(await (value as () => Promise<PgQueryable>).call(target));
        return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  const wrapped: PostgresDb = { dialect: "postgres", pool: wrap(db.pool) };
  return {
    db: wrapped,
    sent,
    reset: () => {
      sent.clear();
      total = 0;
    },
    total: () => total,
  };
}

async function main(): Promise<void> {
  const serverUrl = process.argv[2] ?? process.env.PAIRWISE_BENCH_POSTGRES_URL;
  if (!serverUrl) throw new Error("usage: npx tsx bench/pg-statements.ts postgres://user@host:port/db");
  const database = await freshDatabase(serverUrl);
  const store = await openStore({ url: database.url, path: "" });
  try {
    await seedVoteCampaign(store.db, 2_000);
    const counter = counting(store.db as PostgresDb);
    const clock = new ManualClock(Date.UTC(2026, 0, 5, 9));
    const ctx: ServiceContext = { db: counter.db, clock, logger: silentLogger(), random: seededRandom(5) };
    for (const via of ["castVote", "voteOnCard in a shared commit"] as const) {
      const pair = async (i: number) => {
        const who = { platform: "slack", workspaceId: "T1", userId: `${via.split(" ")[0]}-${i % 50}` };
        const a = await nextAssignment(ctx, { campaign: VOTE_CAMPAIGN, annotator: who });
        clock.advance(30_000);
        const input = { annotator: who, assignmentId: a.assignment.id, choice: i % 2 === 0 ? "1" : "2" } as const;
        if (via === "castVote") await castVote(ctx, input);
        else await inSharedCommit(ctx, () => voteOnCard(ctx, input));
      };
      for (let i = 0; i < 10; i++) await pair(i);
      counter.reset();
      for (let i = 0; i < PAIRS; i++) await pair(i);
      process.stdout.write(`\nnext + ${via}: ${(counter.total() / PAIRS).toFixed(1)} statements a pair\n`);
      for (const s of [...counter.sent.values()].sort((a, b) => b.count - a.count))
        process.stdout.write(
          `${(s.count / PAIRS).toFixed(2).padStart(5)}  p50 ${fmt(summarize(s.ms).p50)} max ${fmt(Math.max(...s.ms))} ms  ${s.text.slice(0, 120)}\n`,
        );
    }
  } finally {
    await store.close();
    await database.drop();
  }
}

await main();
