import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { attachPlatform, createCore } from "../src/app.js";
import { systemClock } from "../src/clock.js";
import { encodeAction } from "../src/core/action-ids.js";
import { parseCampaignText } from "../src/io/campaign-file.js";
import { silentLogger } from "../src/logger.js";
import { castVote } from "../src/services/cast-vote.js";
import { saveCampaign } from "../src/services/save-campaign.js";
import { closeDatabase, openDatabase, type Db } from "../src/storage/database.js";
import { createDiscordAdapter } from "../adapters/discord/index.js";
import { createSlackAdapter } from "../adapters/slack/index.js";
import { FakeDiscord } from "../test/fakes/fake-discord/server.js";
import { FakeSlack } from "../test/fakes/fake-slack/server.js";
import { fmt, nowMs, summarize } from "./stats-util.js";

interface Planned {
  platform: "slack" | "discord" | "inproc";
  userId: string;
  assignmentId: number;
}

/** Items and open assignments made directly (the load is on the vote path, not on handing out items). */
function prepare(db: Db, annotators: number, votesEach: number): Planned[] {
  const c = db.$client;
  const ctx = { db, clock: systemClock, logger: silentLogger(), random: Math.random };
  const campaignId = saveCampaign(ctx, { file: parseCampaignText("name: load\nstatus: active\nguidelines: g\ngoldRate: 0\nqualificationGate: false\npeerReviewRate: 0\noverlap: 1\n", "load.yaml"), mode: "create" }).campaign.id;
  const now = Date.now();
  const item = c.prepare("INSERT INTO comparisons (campaign_id, external_id, prompt, response_a, response_b, kind, target_overlap, active_count, full, created_at) VALUES (?, ?, ?, ?, ?, 'regular', 1, 1, 1, ?) RETURNING id");
  const who = c.prepare("INSERT INTO annotators (platform, workspace_id, user_id, status, created_at) VALUES (?, ?, ?, 'qualified', ?) RETURNING id");
  const give = c.prepare("INSERT INTO assignments (campaign_id, comparison_id, annotator_id, kind, display_order, status, shown_at, lease_ends_at) VALUES (?, ?, ?, 'regular', 'ab', 'open', ?, ?) RETURNING id");
  const planned: Planned[] = [];
  c.transaction(() => {
    for (let a = 0; a < annotators; a++) {
      const platform: Planned["platform"] = a % 5 === 4 ? "inproc" : a % 2 === 0 ? "slack" : "discord";
      const userId = `U${a}`;
      const workspace = platform === "discord" ? "900000000000000002" : platform === "slack" ? "T0001" : "T0001";
      const annotatorId = (who.get(platform === "inproc" ? "slack" : platform, workspace, userId, now) as { id: number }).id;
      for (let v = 0; v < votesEach; v++) {
        const comparisonId = (item.get(campaignId, `${userId}-${v}`, JSON.stringify([{ role: "user", content: `Question ${a}.${v}?` }]), `Answer A ${v}`, `Answer B ${v}`, now) as { id: number }).id;
        // Shown a minute ago: votes are not on the too-fast path.
        const id = (give.get(campaignId, comparisonId, annotatorId, now - 60_000, now + 3_600_000) as { id: number }).id;
        planned.push({ platform, userId, assignmentId: id });
      }
    }
  })();
  return planned;
}

async function pool<T>(items: readonly T[], concurrency: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await run(items[next++]!);
  }));
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
  const annotators = options.annotators ?? 500;
  const votesEach = options.votesEach ?? 40;
  const planned = prepare(db, annotators, votesEach);
  const core = createCore({ db, clock: systemClock, logger: silentLogger() });
  const slack = new FakeSlack({ token: "xoxb-load", signingSecret: "load-secret-0123456789", teamId: "T0001" });
  await slack.start();
  const slackAdapter = createSlackAdapter({ botToken: "xoxb-load", signingSecret: "load-secret-0123456789", port: 0, apiUrl: slack.apiUrl, logger: silentLogger(), botId: "B", botUserId: "UB", clientOptions: { retryConfig: { retries: 0 } } });
  await attachPlatform(core, slackAdapter);
  const discord = new FakeDiscord("discord-load-token");
  await discord.start();
  const discordAdapter = createDiscordAdapter({ botToken: discord.token, applicationId: discord.applicationId, guildId: discord.guildId, apiUrl: discord.apiUrl, logger: silentLogger(), restOptions: { retries: 0, timeout: 10_000 } });
  await attachPlatform(core, discordAdapter);
  const receiver = `http://127.0.0.1:${slackAdapter.port}/slack/events`;

  const slackVotes = planned.filter((p) => p.platform === "slack");
  const discordVotes = planned.filter((p) => p.platform === "discord");
  const inproc = planned.filter((p) => p.platform === "inproc");

  // Slack: signed HTTP requests, 64 in flight.
  const slackLatency: number[] = [];
  let slackFailed = 0;
  const slackStart = nowMs();
  await pool(slackVotes, 32, async (v) => {
    const payload = { type: "block_actions", user: { id: v.userId, team_id: "T0001" }, team: { id: "T0001" }, channel: { id: `D${v.userId}` }, container: { type: "message", message_ts: "1.1", channel_id: `D${v.userId}` }, message: { ts: "1.1" }, trigger_id: slack.issueTrigger(), response_url: slack.responseUrl(), actions: [{ action_id: encodeAction({ verb: "vote", assignmentId: v.assignmentId, choice: "1" }), type: "button" }] };
    const t0 = nowMs();
    const res = await slack.send(receiver, { payload: JSON.stringify(payload) });
    slackLatency.push(nowMs() - t0);
    if (res.status !== 200) slackFailed++;
  });
  const slackSeconds = (nowMs() - slackStart) / 1000;

  // Discord: interactions pushed over the gateway in waves of 32; the ack is the callback reaching Discord.
  const pending = new Map<string, number>();
  const discordStart = nowMs();
  for (let i = 0; i < discordVotes.length; i += 32) {
    const wave = discordVotes.slice(i, i + 32).map((v) => discord.clickDetached(v.userId, encodeAction({ verb: "vote", assignmentId: v.assignmentId, choice: "2" })));
    for (const p of wave) pending.set(`/interactions/${p.id}/${p.token}/callback`, p.issuedAt);
    const until = Date.now() + 10_000;
    while (wave.some((p) => !discord.calls.some((c) => c.path === `/interactions/${p.id}/${p.token}/callback`)) && Date.now() < until) await new Promise((r) => setTimeout(r, 2));
  }
  const discordSeconds = (nowMs() - discordStart) / 1000;
  const discordLatency = discord.calls.filter((c) => pending.has(c.path)).map((c) => c.at - pending.get(c.path)!);
  const discordFailed = discord.calls.filter((c) => pending.has(c.path) && c.status !== 204).length + (discordVotes.length - discordLatency.length);

  // In process, same run: the vote path without any transport.
  const inprocStart = nowMs();
  for (const v of inproc) castVote(core.services, { annotator: { platform: "slack", workspaceId: "T0001", userId: v.userId }, assignmentId: v.assignmentId, choice: "tie" });
  const inprocRate = inproc.length / ((nowMs() - inprocStart) / 1000);

  await slackAdapter.stop();
  await discordAdapter.stop();
  await slack.stop();
  await discord.stop();
  const counts = db.$client.prepare("SELECT count(*) AS n, count(DISTINCT assignment_id) AS distinct_assignments FROM judgments").get() as { n: number; distinct_assignments: number };
  closeDatabase(db);

  const s = summarize(slackLatency);
  const d = summarize(discordLatency);
  const slackRate = slackVotes.length / slackSeconds;
  const discordRate = discordVotes.length / discordSeconds;
  print(`${annotators} annotators, ${planned.length.toLocaleString("en-US")} votes (${slackVotes.length} Slack, ${discordVotes.length} Discord, ${inproc.length} in process)`);
  print(`Slack HTTP receiver (signed block_actions, 32 in flight): ${fmt(slackRate, 0)} votes/s; ack p50 ${fmt(s.p50, 1)} ms, p99 ${fmt(s.p99, 1)} ms, max ${fmt(s.max, 1)} ms; failed ${slackFailed}`);
  print(`Discord gateway (INTERACTION_CREATE → callback, waves of 32): ${fmt(discordRate, 0)} votes/s; ack p50 ${fmt(d.p50, 1)} ms, p99 ${fmt(d.p99, 1)} ms, max ${fmt(d.max, 1)} ms; failed ${discordFailed}`);
  print(`in-process castVote, same run: ${fmt(inprocRate, 0)} votes/s → Slack at ${fmt((100 * slackRate) / inprocRate, 1)}%, Discord at ${fmt((100 * discordRate) / inprocRate, 1)}% of it (target p99 ack < 100 ms)`);
  print(`judgments afterwards: ${counts.n} for ${planned.length} votes sent (${planned.length - counts.n} lost), ${counts.n - counts.distinct_assignments} duplicated`);
}

if (import.meta.url === `file://${process.argv[1]}`) await runLoadBench("/tmp/pairwise-bench", (l) => process.stdout.write(`${l}\n`));
