import { spawn } from "node:child_process";
import { once } from "node:events";
import { createWriteStream, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { createCore } from "../src/app.js";
import { systemClock } from "../src/clock.js";
import type { ActionInvoked } from "../src/core/events.js";
import { parseCampaignText } from "../src/io/campaign-file.js";
import { silentLogger } from "../src/logger.js";
import { seededRandom } from "../src/random.js";
import { nextAssignment } from "../src/services/next-assignment.js";
import { saveCampaign } from "../src/services/save-campaign.js";
import { BOT_BUSY_TIMEOUT_MS } from "../src/storage/busy.js";
import { closeDatabase, openDatabase } from "../src/storage/database.js";
import { pandaTexts } from "./large-db.js";
import { fmt, nowMs, summarize } from "./stats-util.js";

/** Another process: takes the write lock, says so, keeps it `holdMs`, then commits and exits. */
function lockHolder(path: string, holdMs: number) {
  const script = `const D = require("better-sqlite3"); const db = new D(${JSON.stringify(path)}); db.prepare("BEGIN IMMEDIATE").run();
    process.stdout.write("locked\\n"); setTimeout(() => { db.prepare("COMMIT").run(); db.close(); }, ${holdMs});`;
  return spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
}

/** A bot's core on a fresh database file, with `voters` annotators each holding an item to vote on. */
async function votingBot(dir: string, name: string, voters: number) {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  for (const suffix of ["", "-wal", "-shm"]) rmSync(path + suffix, { force: true });
  const db = openDatabase(path, { busyTimeoutMs: BOT_BUSY_TIMEOUT_MS });
  const core = createCore({ db, clock: systemClock, logger: silentLogger(), random: seededRandom(3) });
  const campaign = (
    await saveCampaign(core.services, {
      file: parseCampaignText("name: busy\nstatus: active\nguidelines: g\ngoldRate: 0\nqualificationGate: false\noverlap: 1\n", "busy.yaml"),
      mode: "create",
    })
  ).campaign;
  await saveCampaign(core.services, { file: parseCampaignText("name: imported\nguidelines: g\n", "imported.yaml"), mode: "create" });
  const insert = db.$client.prepare(
    "INSERT INTO comparisons (campaign_id, external_id, prompt, response_a, response_b, target_overlap, created_at) VALUES (?, ?, ?, 'A', 'B', 1, 0)",
  );
  for (let i = 0; i < voters; i++) insert.run(campaign.id, `q${i}`, JSON.stringify([{ role: "user", content: `Question ${i}?` }]));
  const users = Array.from({ length: voters }, (_, i) => ({ platform: "slack" as const, workspaceId: "T1", userId: `U${i}` }));
  const assignments: number[] = [];
  for (const user of users) assignments.push((await nextAssignment(core.services, { campaign: "busy", annotator: user })).assignment.id);
  return { path, db, core, users, assignments };
}

/** Dispatches user i's vote and times its answer; `busy` when it was "not saved, try again". */
async function timedVote(
  core: ReturnType<typeof createCore>,
  user: { platform: "slack"; workspaceId: string; userId: string },
  assignmentId: number,
): Promise<{ ms: number; busy: boolean }> {
  const event: ActionInvoked = {
    kind: "action",
    platform: "slack",
    user,
    action: { verb: "vote", assignmentId, choice: "1" },
    receivedAt: new Date(),
    raw: {},
  };
  const started = nowMs();
  const reply = await core.dispatcher.handle(event);
  return { ms: nowMs() - started, busy: reply.kind === "private" && /not saved/.test(reply.view.text) };
}

/**
 * Votes while another process holds the write lock for `holdMs`: `votes` clicks spread over the
 * hold, each timed from dispatch to the answer the platform would get, and the longest the event
 * loop stood still meanwhile. Each answer is either saved or a clear "not saved, try again".
 */
export async function runContentionBench(dir: string, print: (line: string) => void, holdMs = 8000, votes = 20): Promise<{ maxAnswerMs: number }> {
  const { path, db, core, users, assignments } = await votingBot(dir, "contention.db", votes);
  const holder = lockHolder(path, holdMs);
  const exited = once(holder, "exit");
  await new Promise<void>((resolve) => holder.stdout.once("data", () => resolve()));
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const answers = await Promise.all(
    users.map(async (user, i) => {
      await new Promise((resolve) => setTimeout(resolve, (i * holdMs) / votes));
      return timedVote(core, user, assignments[i]!);
    }),
  );
  loop.disable();
  await exited;
  closeDatabase(db);
  const times = summarize(answers.map((a) => a.ms));
  const told = answers.filter((a) => a.busy).length;
  print(
    `votes with another process holding the write lock ${holdMs / 1000} s: ${votes} answered, p50 ${fmt(times.p50, 0)} ms, max ${fmt(times.max, 0)} ms; ` +
      `${votes - told} saved, ${told} told "not saved, try again"; event loop stood still at most ${fmt(loop.max / 1e6, 0)} ms`,
  );
  return { maxAnswerMs: times.max };
}

/** A JSONL file of `rows` plain comparisons, replicating the shared PandaLM texts. */
async function writeRows(path: string, rows: number): Promise<void> {
  const texts = pandaTexts();
  const out = createWriteStream(path);
  for (let i = 0; i < rows; i++) {
    const t = texts[i % texts.length]!;
    if (!out.write(`${JSON.stringify({ id: `row-${i}`, prompt: t.prompt, response_a: t.a || "(empty)", response_b: t.b || "(empty)" })}\n`))
      await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

/**
 * Votes while another process imports `rows` rows (the CLI, `cli` its entry): a vote every
 * `everyMs` until the import ends, each timed from dispatch to answer.
 */
export async function runImportContentionBench(
  dir: string,
  print: (line: string) => void,
  options: { rows?: number; everyMs?: number; cli?: string } = {},
): Promise<{ maxAnswerMs: number }> {
  const rows = options.rows ?? 150_000;
  const everyMs = options.everyMs ?? 100;
  const file = join(dir, `contention-import-${rows}.jsonl`);
  mkdirSync(dir, { recursive: true });
  await writeRows(file, rows);
  const voters = 400;
  const { path, db, core, users, assignments } = await votingBot(dir, "contention-import.db", voters);
  const cli = options.cli ?? fileURLToPath(new URL("../src/cli/index.ts", import.meta.url));
  const started = nowMs();
  const importing = spawn(process.execPath, ["--import", "tsx", cli, "import", "imported", file], {
    env: { ...process.env, DATABASE_PATH: path },
    stdio: "ignore",
  });
  const exited = once(importing, "exit");
  let done = false;
  void exited.then(() => (done = true));
  const answers: Promise<{ ms: number; busy: boolean }>[] = [];
  for (let i = 0; !done && i < voters; i++) {
    answers.push(timedVote(core, users[i]!, assignments[i]!));
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  const [code] = (await exited) as [number | null];
  const importSeconds = (nowMs() - started) / 1000;
  const results = await Promise.all(answers);
  closeDatabase(db);
  const times = summarize(results.map((a) => a.ms));
  const told = results.filter((a) => a.busy).length;
  print(
    `votes while another process imports ${rows.toLocaleString("en-US")} rows (${fmt(importSeconds, 1)} s, exit ${code}): ${results.length} answered, ` +
      `p50 ${fmt(times.p50, 0)} ms, p99 ${fmt(times.p99, 0)} ms, max ${fmt(times.max, 0)} ms; ${results.length - told} saved, ${told} told "not saved, try again"`,
  );
  return { maxAnswerMs: times.max };
}
