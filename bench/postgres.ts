import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { BOT_BUSY_TIMEOUT_MS } from "../src/storage/busy.js";
import { openStore } from "../src/storage/open-store.js";
import { fmt, summarize } from "./stats-util.js";
import { seedVoteCampaign, sequentialPairs } from "./vote-loop.js";

/** The server to bench on: a role that may CREATE DATABASE (each run makes its own and drops it). */
const BENCH_POSTGRES_URL = process.env.PAIRWISE_BENCH_POSTGRES_URL || process.env.PAIRWISE_TEST_POSTGRES_URL || undefined;

export interface PostgresFigures {
  /** next + vote pairs in process, one at a time: p50 and p99 in ms. */
  sqlitePair: { p50: number; p99: number };
  postgresPair: { p50: number; p99: number };
  /** Votes (next + vote pairs) a second, many annotators at once. */
  sqliteVotesPerSecond: number;
  postgresOneProcess: number;
  postgresTwoProcesses: number;
}

interface Sizes {
  /** Items in each database. */
  items: number;
  /** Pairs timed one at a time, in process. */
  latencyPairs: number;
  /** Annotators voting at once in each process, and the pairs each does. */
  loops: number;
  pairsPerLoop: number;
}

const DEFAULT_SIZES: Sizes = { items: 20_000, latencyPairs: 2_000, loops: 32, pairsPerLoop: 60 };

/** A database of this run's own on the server, and how to drop it again. */
export async function freshDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `pairwise_bench_${randomBytes(5).toString("hex")}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** A fresh SQLite file in `dir`. */
function freshFile(dir: string, name: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  for (const suffix of ["", "-wal", "-shm"]) rmSync(path + suffix, { force: true });
  return path;
}

/** Opens `target` (a URL or a file) as the bot would, seeds the vote campaign, runs `work`, closes. */
async function onStore<T>(target: string, items: number, work: (db: Awaited<ReturnType<typeof openStore>>["db"]) => Promise<T>): Promise<T> {
  const store = await openStore(target.startsWith("postgres") ? { url: target, path: "" } : { path: target, busyTimeoutMs: BOT_BUSY_TIMEOUT_MS });
  try {
    await seedVoteCampaign(store.db, items);
    return await work(store.db);
  } finally {
    await store.close();
  }
}

/**
 * `processes` voting processes (bench/vote-worker.ts) on one database, started together: the
 * votes a second they completed between them, from the first start to the last end.
 */
async function votingProcesses(target: string, processes: number, sizes: Sizes): Promise<number> {
  const worker = fileURLToPath(new URL("./vote-worker.ts", import.meta.url));
  const children = Array.from({ length: processes }, (_, p) =>
    spawn(process.execPath, ["--import", "tsx", worker, target, String(sizes.loops), String(sizes.pairsPerLoop), `P${p}`], {
      stdio: ["pipe", "pipe", "inherit"],
    }),
  );
  const lines = children.map((child) => createInterface({ input: child.stdout })[Symbol.asyncIterator]());
  const line = async (i: number): Promise<string> => {
    const next = await lines[i]!.next();
    if (next.done) throw new Error(`voting process ${i} ended without answering (its errors are above)`);
    return String(next.value);
  };
  for (let i = 0; i < processes; i++) if ((await line(i)) !== "ready") throw new Error(`voting process ${i} did not start`);
  for (const child of children) child.stdin.end("go\n");
  const results = await Promise.all(children.map(async (_, i) => JSON.parse(await line(i)) as { pairs: number; startedAt: number; endedAt: number }));
  await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)))));
  const pairs = results.reduce((sum, r) => sum + r.pairs, 0);
  const span = Math.max(...results.map((r) => r.endedAt)) - Math.min(...results.map((r) => r.startedAt));
  return (pairs / span) * 1000;
}

/**
 * The vote path on PostgreSQL next to SQLite, in the same run on the same machine: next + vote
 * latency in process (the services, one pair at a time), then votes a second with many annotators
 * at once in one process on SQLite, one process on PostgreSQL, and two processes (two replicas)
 * on one PostgreSQL database. Needs a server: PAIRWISE_BENCH_POSTGRES_URL (or
 * PAIRWISE_TEST_POSTGRES_URL); skipped, saying so, without one.
 */
export async function runPostgresBench(dir: string, print: (line: string) => void, sizes: Sizes = DEFAULT_SIZES): Promise<PostgresFigures | undefined> {
  if (!BENCH_POSTGRES_URL) {
    print(
      "skipped: no PostgreSQL server to bench on. Set PAIRWISE_BENCH_POSTGRES_URL (or PAIRWISE_TEST_POSTGRES_URL) to postgres://user@host:port/db, a role that may CREATE DATABASE.",
    );
    return undefined;
  }
  const server = new URL(BENCH_POSTGRES_URL);
  print(`PostgreSQL at ${server.hostname}:${server.port || 5432}; each database ${sizes.items.toLocaleString("en-US")} items (overlap 3)`);
  const made: { drop(): Promise<void> }[] = [];
  const postgres = async () => {
    const db = await freshDatabase(BENCH_POSTGRES_URL);
    made.push(db);
    return db.url;
  };
  try {
    const latency = async (target: string) => {
      const { next, vote } = await onStore(target, sizes.items, (db) => sequentialPairs(db, sizes.latencyPairs, 200));
      return { next: summarize(next), vote: summarize(vote), pair: summarize(next.map((x, i) => x + vote[i]!)) };
    };
    const sqlite = await latency(freshFile(dir, "dialects-latency.db"));
    const pgLatency = await latency(await postgres());
    for (const [name, l] of [
      ["SQLite    ", sqlite],
      ["PostgreSQL", pgLatency],
    ] as const) {
      print(
        `${name} in process, ${sizes.latencyPairs} next+vote pairs one at a time: next p50 ${fmt(l.next.p50)} p99 ${fmt(l.next.p99)} ms · vote p50 ${fmt(l.vote.p50)} p99 ${fmt(l.vote.p99)} ms · pair p50 ${fmt(l.pair.p50)} p99 ${fmt(l.pair.p99)} ms`,
      );
    }

    const seeded = async (target: string) => {
      await onStore(target, sizes.items, async () => undefined);
      return target;
    };
    const concurrent = `${sizes.loops} annotators at once a process, ${sizes.pairsPerLoop} pairs each`;
    const sqliteRate = await votingProcesses(await seeded(freshFile(dir, "dialects-votes.db")), 1, sizes);
    print(`SQLite, one process (${concurrent}): ${fmt(sqliteRate, 0)} votes/s`);
    const oneRate = await votingProcesses(await seeded(await postgres()), 1, sizes);
    print(`PostgreSQL, one process (${concurrent}): ${fmt(oneRate, 0)} votes/s`);
    const twoRate = await votingProcesses(await seeded(await postgres()), 2, sizes);
    print(`PostgreSQL, two processes on one database (${concurrent}): ${fmt(twoRate, 0)} votes/s`);
    return {
      sqlitePair: { p50: sqlite.pair.p50, p99: sqlite.pair.p99 },
      postgresPair: { p50: pgLatency.pair.p50, p99: pgLatency.pair.p99 },
      sqliteVotesPerSecond: sqliteRate,
      postgresOneProcess: oneRate,
      postgresTwoProcesses: twoRate,
    };
  } finally {
    for (const db of made) await db.drop();
  }
}
