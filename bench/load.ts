import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { attachPlatform, createCore } from "../src/app.js";
import { systemClock } from "../src/clock.js";
import { encodeAction } from "../src/core/action-ids.js";
import { annotatorKey } from "../src/domain/annotator-identity.js";
import { parseCampaignText } from "../src/io/campaign-file.js";
import { silentLogger } from "../src/logger.js";
import { castVote } from "../src/services/cast-vote.js";
import { saveCampaign } from "../src/services/save-campaign.js";
import { startCheckpointer } from "../src/storage/checkpointer.js";
import { closeDatabase, openDatabase, type SqliteDb } from "../src/storage/database.js";
import { createDiscordAdapter } from "../adapters/discord/index.js";
import { createSlackAdapter } from "../adapters/slack/index.js";
import { Worker } from "node:worker_threads";
import type { DiscordLoadReady, DiscordLoadRequest, DiscordLoadResult } from "./load-discord-client.js";
import type { SlackLoadCredentials, SlackLoadRequest, SlackLoadResult } from "./load-slack-client.js";
import { fmt, nowMs, summarize } from "./stats-util.js";

const DISCORD_TOKEN = "discord-load-token";
const SLACK_LOAD: SlackLoadCredentials = { token: "xoxb-load", signingSecret: "load-secret-0123456789", teamId: "T0001" };

/**
 * A worker thread running a bench client (TypeScript). A worker does not inherit tsx's loader on
 * Node 20, so its entry loads tsx first, then the module. Messages go one request, one answer.
 */
async function startWorker<Ready>(module: string, data: unknown): Promise<{ ready: Ready; ask<T>(request: unknown): Promise<T>; stop(): Promise<void> }> {
  const target = new URL(module, import.meta.url).href;
  const entry = `const { tsImport } = await import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}); await tsImport(${JSON.stringify(target)}, ${JSON.stringify(target)});`;
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(entry)}`), { workerData: data });
  const next = <T>() =>
    new Promise<T>((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
    });
  const ready = await next<Ready>();
  return {
    ready,
    ask<T>(request: unknown) {
      const answer = next<T>();
      worker.postMessage(request);
      return answer;
    },
    async stop() {
      const exited = new Promise((resolve) => worker.once("exit", resolve));
      worker.postMessage({ stop: true });
      await exited;
    },
  };
}

interface Planned {
  platform: "slack" | "discord" | "inproc";
  userId: string;
  assignmentId: number;
}

/** Items and open assignments made directly (the load is on the vote path, not on handing out items). */
async function prepare(db: SqliteDb, annotators: number, votesEach: number): Promise<Planned[]> {
  const c = db.$client;
  const ctx = { db, clock: systemClock, logger: silentLogger(), random: Math.random };
  const campaignId = (
    await saveCampaign(ctx, {
      file: parseCampaignText("name: load\nstatus: active\nguidelines: g\ngoldRate: 0\nqualificationGate: false\npeerReviewRate: 0\noverlap: 1\n", "load.yaml"),
      mode: "create",
    })
  ).campaign.id;
  const now = Date.now();
  const item = c.prepare(
    "INSERT INTO comparisons (campaign_id, external_id, prompt, response_a, response_b, kind, target_overlap, active_count, full, created_at) VALUES (?, ?, ?, ?, ?, 'regular', 1, 1, 1, ?) RETURNING id",
  );
  const who = c.prepare("INSERT INTO annotators (platform, workspace_id, user_id, status, created_at) VALUES (?, ?, ?, 'qualified', ?) RETURNING id");
  const give = c.prepare(
    "INSERT INTO assignments (campaign_id, comparison_id, annotator_id, kind, display_order, status, shown_at, lease_ends_at) VALUES (?, ?, ?, 'regular', 'ab', 'open', ?, ?) RETURNING id",
  );
  const planned: Planned[] = [];
  c.transaction(() => {
    for (let a = 0; a < annotators; a++) {
      const platform: Planned["platform"] = a % 5 === 4 ? "inproc" : a % 2 === 0 ? "slack" : "discord";
      const userId = `U${a}`;
      // Stored as the bot stores them (a Discord user is one annotator across servers), or every
      // vote would be refused as someone else's and the bench would time refusals.
      const key = annotatorKey({
        platform: platform === "inproc" ? "slack" : platform,
        workspaceId: platform === "discord" ? "900000000000000002" : "T0001",
        userId,
      });
      const annotatorId = (who.get(key.platform, key.workspaceId, key.userId, now) as { id: number }).id;
      for (let v = 0; v < votesEach; v++) {
        const comparisonId = (
          item.get(campaignId, `${userId}-${v}`, JSON.stringify([{ role: "user", content: `Question ${a}.${v}?` }]), `Answer A ${v}`, `Answer B ${v}`, now) as {
            id: number;
          }
        ).id;
        // Shown a minute ago: votes are not on the too-fast path.
        const id = (give.get(campaignId, comparisonId, annotatorId, now - 60_000, now + 3_600_000) as { id: number }).id;
        planned.push({ platform, userId, assignmentId: id });
      }
    }
  })();
  return planned;
}

/**
 * Many annotators clicking at once through the real adapters: signed block_actions to the Slack
 * HTTP receiver and INTERACTION_CREATE through the Discord fake's gateway, with the in-process vote
 * path in the same run for the ratio. Counts judgments afterwards: none lost, none twice.
 */
export async function runLoadBench(dir: string, print: (line: string) => void, options: { annotators?: number; votesEach?: number } = {}): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "load.db");
  for (const s of ["", "-wal", "-shm"]) rmSync(path + s, { force: true });
  const db = openDatabase(path);
  const checkpointer = startCheckpointer(db, path, silentLogger());
  const annotators = options.annotators ?? 500;
  const votesEach = options.votesEach ?? 40;
  const planned = await prepare(db, annotators, votesEach);
  const core = createCore({ db, clock: systemClock, logger: silentLogger() });
  // Slack and Discord (the fakes and the clicking annotators) run in worker threads: in production
  // they are not in the bot's process, and sharing its event loop measured the bench, not the bot.
  const slack = await startWorker<{ apiUrl: string }>("./load-slack-client.ts", SLACK_LOAD);
  const slackAdapter = createSlackAdapter({
    botToken: SLACK_LOAD.token,
    signingSecret: SLACK_LOAD.signingSecret,
    port: 0,
    apiUrl: slack.ready.apiUrl,
    logger: silentLogger(),
    botId: "B",
    botUserId: "UB",
    clientOptions: { retryConfig: { retries: 0 } },
  });
  await attachPlatform(core, slackAdapter);
  const discord = await startWorker<DiscordLoadReady>("./load-discord-client.ts", DISCORD_TOKEN);
  const discordAdapter = createDiscordAdapter({
    botToken: DISCORD_TOKEN,
    applicationId: discord.ready.applicationId,
    guildId: discord.ready.guildId,
    apiUrl: discord.ready.apiUrl,
    logger: silentLogger(),
    restOptions: { retries: 0, timeout: 10_000 },
  });
  await attachPlatform(core, discordAdapter);
  const receiver = `http://127.0.0.1:${slackAdapter.port}/slack/events`;

  const slackVotes = planned.filter((p) => p.platform === "slack");
  const discordVotes = planned.filter((p) => p.platform === "discord");
  const inproc = planned.filter((p) => p.platform === "inproc");

  // The first votes of each platform warm the JIT and the connections; they are stored and
  // counted like the rest, but not timed.
  const WARMUP = 256;
  const slackVote = (v: Planned) => ({ userId: v.userId, actionId: encodeAction({ verb: "vote", assignmentId: v.assignmentId, choice: "1" }) });
  const discordVote = (v: Planned) => ({ userId: v.userId, actionId: encodeAction({ verb: "vote", assignmentId: v.assignmentId, choice: "2" }) });

  // Slack: signed HTTP requests, 32 in flight, from the worker thread.
  await slack.ask<SlackLoadResult>({ receiver, concurrency: 32, votes: slackVotes.slice(0, WARMUP).map(slackVote) } satisfies SlackLoadRequest);
  const slackRun = await slack.ask<SlackLoadResult>({ receiver, concurrency: 32, votes: slackVotes.slice(WARMUP).map(slackVote) } satisfies SlackLoadRequest);

  // Discord: interactions pushed over the gateway in waves of 32; the ack is the callback reaching Discord.
  await discord.ask<DiscordLoadResult>({ wave: 32, votes: discordVotes.slice(0, WARMUP).map(discordVote) } satisfies DiscordLoadRequest);
  const discordRun = await discord.ask<DiscordLoadResult>({ wave: 32, votes: discordVotes.slice(WARMUP).map(discordVote) } satisfies DiscordLoadRequest);

  // In process, same run: the vote path without any transport.
  const inprocStart = nowMs();
  for (const v of inproc)
    await castVote(core.services, { annotator: { platform: "slack", workspaceId: "T0001", userId: v.userId }, assignmentId: v.assignmentId, choice: "tie" });
  const inprocRate = inproc.length / ((nowMs() - inprocStart) / 1000);

  await slackAdapter.stop();
  await discordAdapter.stop();
  await slack.stop();
  await discord.stop();
  const counts = db.$client.prepare("SELECT count(*) AS n, count(DISTINCT assignment_id) AS distinct_assignments FROM judgments").get() as {
    n: number;
    distinct_assignments: number;
  };
  await checkpointer.stop();
  closeDatabase(db);

  const s = summarize(slackRun.latencies);
  const d = summarize(discordRun.latencies);
  const slackRate = slackRun.latencies.length / slackRun.seconds;
  const discordRate = discordRun.latencies.length / discordRun.seconds;
  print(
    `${annotators} annotators, ${planned.length.toLocaleString("en-US")} votes (${slackVotes.length} Slack, ${discordVotes.length} Discord, ${inproc.length} in process; the first ${WARMUP} of each platform untimed)`,
  );
  print(
    `Slack HTTP receiver (signed block_actions, 32 in flight): ${fmt(slackRate, 0)} votes/s; ack p50 ${fmt(s.p50, 1)} ms, p99 ${fmt(s.p99, 1)} ms, max ${fmt(s.max, 1)} ms; failed ${slackRun.failed}`,
  );
  print(
    `Discord gateway (INTERACTION_CREATE → callback, waves of 32): ${fmt(discordRate, 0)} votes/s; ack p50 ${fmt(d.p50, 1)} ms, p99 ${fmt(d.p99, 1)} ms, max ${fmt(d.max, 1)} ms; failed ${discordRun.failed}`,
  );
  print(
    `in-process castVote one after another (one commit each), same run: ${fmt(inprocRate, 0)} votes/s → Slack at ${fmt((100 * slackRate) / inprocRate, 1)}%, Discord at ${fmt((100 * discordRate) / inprocRate, 1)}% of it (through the adapters, votes that arrive together share a commit; target p99 ack < 100 ms)`,
  );
  print(
    `judgments afterwards: ${counts.n} for ${planned.length} votes sent (${planned.length - counts.n} lost), ${counts.n - counts.distinct_assignments} duplicated`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await runLoadBench("/tmp/pairwise-bench", (l) => process.stdout.write(`${l}\n`));
