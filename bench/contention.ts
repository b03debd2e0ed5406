import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
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
import { fmt, nowMs, summarize } from "./stats-util.js";

/** Another process: takes the write lock, says so, keeps it `holdMs`, then commits and exits. */
function lockHolder(path: string, holdMs: number) {
  const script = `const D = require("better-sqlite3"); const db = new D(${JSON.stringify(path)}); db.prepare("BEGIN IMMEDIATE").run();
    process.stdout.write("locked\\n"); setTimeout(() => { db.prepare("COMMIT").run(); db.close(); }, ${holdMs});`;
  return spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
}

/**
 * Votes while another process holds the write lock for `holdMs`: `votes` clicks spread over the
 * hold, each timed from dispatch to the answer the platform would get, and the longest the event
 * loop stood still meanwhile. Each answer is either saved or a clear "not saved, try again".
 */
export async function runContentionBench(dir: string, print: (line: string) => void, holdMs = 8000, votes = 20): Promise<{ maxAnswerMs: number }> {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "contention.db");
  for (const suffix of ["", "-wal", "-shm"]) rmSync(path + suffix, { force: true });
  const db = openDatabase(path, { busyTimeoutMs: BOT_BUSY_TIMEOUT_MS });
  const core = createCore({ db, clock: systemClock, logger: silentLogger(), random: seededRandom(3) });
  const campaign = saveCampaign(core.services, { file: parseCampaignText("name: busy\nstatus: active\nguidelines: g\ngoldRate: 0\nqualificationGate: false\noverlap: 1\n", "busy.yaml"), mode: "create" }).campaign;
  const insert = db.$client.prepare("INSERT INTO comparisons (campaign_id, external_id, prompt, response_a, response_b, target_overlap, created_at) VALUES (?, ?, ?, 'A', 'B', 1, 0)");
  for (let i = 0; i < votes; i++) insert.run(campaign.id, `q${i}`, JSON.stringify([{ role: "user", content: `Question ${i}?` }]));
  const users = Array.from({ length: votes }, (_, i) => ({ platform: "slack" as const, workspaceId: "T1", userId: `U${i}` }));
  const assignments = users.map((user) => nextAssignment(core.services, { campaign: "busy", annotator: user }).assignment.id);

  const holder = lockHolder(path, holdMs);
  const exited = once(holder, "exit");
  await new Promise<void>((resolve) => holder.stdout.once("data", () => resolve()));
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const answers = await Promise.all(
    users.map(async (user, i) => {
      await new Promise((resolve) => setTimeout(resolve, (i * holdMs) / votes));
      const event: ActionInvoked = { kind: "action", platform: "slack", user, action: { verb: "vote", assignmentId: assignments[i]!, choice: "1" }, receivedAt: new Date(), raw: {} };
      const started = nowMs();
      const reply = await core.dispatcher.handle(event);
      const busy = reply.kind === "private" && /not saved/.test(reply.view.text);
      return { ms: nowMs() - started, busy };
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
