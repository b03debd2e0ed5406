import { createReadStream, createWriteStream, mkdirSync, rmSync, statSync } from "node:fs";
import { once } from "node:events";
import { join } from "node:path";
import { Readable } from "node:stream";
import { startApiServer } from "../adapters/api/index.js";
import { systemClock } from "../src/clock.js";
import { parseCampaignText } from "../src/io/campaign-file.js";
import { silentLogger } from "../src/logger.js";
import { seededRandom } from "../src/random.js";
import { createApiToken } from "../src/services/api/tokens.js";
import { createWebhook } from "../src/services/webhooks/subscriptions.js";
import { castVote } from "../src/services/cast-vote.js";
import type { ServiceContext } from "../src/services/context.js";
import { importComparisons } from "../src/services/import-comparisons.js";
import { nextAssignment } from "../src/services/next-assignment.js";
import { saveCampaign } from "../src/services/save-campaign.js";
import { closeDatabase, openDatabase } from "../src/storage/database.js";
import { pandaTexts } from "./large-db.js";
import { fmt, nowMs, summarize } from "./stats-util.js";
import { BENCH_DIR } from "./vote-path.js";

export interface ApiBenchFigures {
  cliRowsPerSecond: number;
  apiRowsPerSecond: number;
  idle: { p50: number; p99: number };
  ingesting: { p50: number; p99: number };
  /** Idle, with a webhook subscribed to item.completed: every vote of this overlap-1 campaign writes an outbox row. */
  subscribed: { p50: number; p99: number };
}

async function buildJsonl(path: string, rows: number, prefix: string): Promise<void> {
  const texts = pandaTexts();
  const out = createWriteStream(path);
  for (let i = 0; i < rows; i++) {
    const t = texts[i % texts.length]!;
    const line = JSON.stringify({
      id: `${prefix}-${i}`,
      prompt: t.prompt,
      response_a: t.a || "(empty)",
      response_b: t.b || "(empty)",
      model_a: t.modelA,
      model_b: t.modelB,
    });
    if (!out.write(`${line}\n`)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

const campaign = async (ctx: ServiceContext, name: string, overlap = 3) =>
  await saveCampaign(ctx, {
    file: parseCampaignText(
      `name: ${name}\nstatus: active\nguidelines: g\ngoldRate: 0\nqualificationGate: false\npeerReviewRate: 0\noverlap: ${overlap}\n`,
      `${name}.yaml`,
    ),
    mode: "create",
  });

/**
 * The vote path (next item + vote, as one annotator's click) measured from when it is due to when
 * it committed, so time spent waiting for an event loop busy with something else counts. Runs
 * until `until()` says stop, one vote every `gapMs`.
 */
async function voteLatencies(ctx: ServiceContext, campaignName: string, until: () => boolean, from: number, max = 400, gapMs = 2): Promise<number[]> {
  const samples: number[] = [];
  for (let k = from; !until() && samples.length < max; k++) {
    await new Promise((r) => setTimeout(r, gapMs));
    const due = nowMs();
    await new Promise((r) => setImmediate(r)); // the request waits for its turn on the loop
    const who = { platform: "slack", workspaceId: "T", userId: `U${k}` };
    const a = await nextAssignment(ctx, { campaign: campaignName, annotator: who });
    await castVote(ctx, { annotator: who, assignmentId: a.assignment.id, choice: "1" });
    samples.push(nowMs() - due);
  }
  return samples;
}

/**
 * Items ingested per second through the API (a JSON Lines batch streamed over HTTP on 127.0.0.1)
 * next to the import service `pairwise import` runs, on the same file size in the same run; and the
 * vote path's latency while a large batch is being ingested through the API, next to idle.
 */
export async function runApiBench(dir: string, print: (line: string) => void, rows = 50_000): Promise<ApiBenchFigures> {
  mkdirSync(dir, { recursive: true });
  const cliFile = join(dir, `api-cli-${rows}.jsonl`);
  const apiFile = join(dir, `api-http-${rows}.jsonl`);
  const busyFile = join(dir, `api-busy-${rows}.jsonl`);
  await buildJsonl(cliFile, rows, "cli");
  await buildJsonl(apiFile, rows, "api");
  await buildJsonl(busyFile, rows, "busy");
  const dbPath = join(dir, "api.db");
  for (const suffix of ["", "-wal", "-shm"]) rmSync(dbPath + suffix, { force: true });
  const db = openDatabase(dbPath);
  const ctx: ServiceContext = { db, clock: systemClock, logger: silentLogger(), random: seededRandom(3) };
  for (const name of ["cli", "api", "busy"]) await campaign(ctx, name);
  await campaign(ctx, "votes", 1);
  await importComparisons(ctx, {
    campaign: "votes",
    path: await (async () => {
      const f = join(dir, "api-votes.jsonl");
      await buildJsonl(f, 5000, "v");
      return f;
    })(),
  });
  const server = await startApiServer({ services: ctx, logger: silentLogger(), port: 0, host: "127.0.0.1", snapshotsDir: join(dir, "api-snapshots") });
  const { token } = await createApiToken(ctx, { name: "bench", scopes: "items:write", ratePerMinute: 1_000_000 });
  const post = (name: string, file: string) =>
    fetch(`http://127.0.0.1:${server.port}/campaigns/${name}/items`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/x-ndjson" },
      body: Readable.toWeb(createReadStream(file)) as never,
      duplex: "half",
    } as RequestInit);

  try {
    let start = nowMs();
    const cli = await importComparisons(ctx, { campaign: "cli", path: cliFile });
    const cliRowsPerSecond = (cli.imported / (nowMs() - start)) * 1000;
    start = nowMs();
    const res = await post("api", apiFile);
    const body = (await res.json()) as { batch: { items: number } };
    if (res.status !== 201) throw new Error(`API batch refused: ${JSON.stringify(body)}`);
    const apiRowsPerSecond = (body.batch.items / (nowMs() - start)) * 1000;
    const mb = (statSync(apiFile).size / 1e6).toFixed(0);
    print(
      `ingest: ${rows.toLocaleString("en-US")} rows (${mb} MB JSONL): import service ${cliRowsPerSecond.toFixed(0)} rows/s, API (streamed over HTTP) ${apiRowsPerSecond.toFixed(0)} rows/s`,
    );

    const idle = await voteLatencies(ctx, "votes", () => false, 0, 400);
    let ingesting = true;
    const busy = post("busy", busyFile).then(async (r) => {
      await r.json();
      ingesting = false;
    });
    const during = await voteLatencies(ctx, "votes", () => !ingesting, 1000, 2000);
    await busy;
    // The same votes, idle, with a subscriber to item.completed (no worker runs, so only the outbox write is timed).
    await createWebhook(ctx, { campaign: "votes", url: "http://127.0.0.1:9/never", events: ["item.completed", "batch.completed"] });
    const subscribed = await voteLatencies(ctx, "votes", () => false, 4000, 400);
    const i = summarize(idle);
    const d = summarize(during);
    const w = summarize(subscribed);
    print(
      `vote path with a webhook on item.completed (an outbox row per vote here): p50 ${fmt(w.p50)} ms p99 ${fmt(w.p99)} ms, ${(w.p50 / i.p50).toFixed(2)}× the p50 without`,
    );
    print(
      `vote path (next + vote, from due to committed): idle p50 ${fmt(i.p50)} ms p99 ${fmt(i.p99)} ms (${idle.length} votes); while a ${rows.toLocaleString("en-US")}-row batch is ingested p50 ${fmt(d.p50)} ms p99 ${fmt(d.p99)} ms (${during.length} votes)`,
    );
    return {
      cliRowsPerSecond,
      apiRowsPerSecond,
      idle: { p50: i.p50, p99: i.p99 },
      ingesting: { p50: d.p50, p99: d.p99 },
      subscribed: { p50: w.p50, p99: w.p99 },
    };
  } finally {
    await server.stop();
    closeDatabase(db);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await runApiBench(BENCH_DIR, (l) => process.stdout.write(`${l}\n`), Number(process.env.BENCH_API_ROWS ?? 50_000));
  process.stdout.write(`API / import service rows/s: ${(figures.apiRowsPerSecond / figures.cliRowsPerSecond).toFixed(2)}×\n`);
  process.stdout.write(`vote path with a webhook subscribed / without: p50 ${(figures.subscribed.p50 / figures.idle.p50).toFixed(2)}×\n`);
  process.stdout.write(
    `vote path while ingesting / idle: p50 ${(figures.ingesting.p50 / figures.idle.p50).toFixed(2)}×, p99 ${(figures.ingesting.p99 / figures.idle.p99).toFixed(2)}×\n`,
  );
}
