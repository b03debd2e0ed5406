import { userInfo } from "node:os";
import { dirname, join } from "node:path";
import { snapshotsDirOf } from "./paths.js";
import { createDiscordAdapter } from "../adapters/discord/index.js";
import { startApiServer } from "../adapters/api/index.js";
import { startHealthServer } from "../adapters/health/http.js";
import { createOpenAiJudge } from "../adapters/openai-judge/index.js";
import { createSlackAdapter } from "../adapters/slack/index.js";
import { createTerminalAdapter } from "../adapters/terminal/index.js";
import { attachPlatform, createCore, stopJudgeRuns } from "./app.js";
import { settleBackground } from "./core/dispatch-context.js";
import { noColor } from "./no-color.js";
import { exitQuietlyOnClosedPipe } from "./quiet-pipe.js";
import { systemClock } from "./clock.js";
import { loadConfig, secretsOf } from "./config.js";
import { asPairwiseError } from "./errors.js";
import { Health } from "./health.js";
import { removeStaleStaging } from "./io/staging.js";
import { createLogger } from "./logger.js";
import { createScheduler } from "./scheduler/scheduler.js";
import { JOBS } from "./scheduler/jobs.js";
import { ensureDemoCampaign } from "./services/ensure-demo-campaign.js";
import { rememberedRequestsFor } from "./services/remembered-requests.js";
import { PostgresLeadership } from "./storage/postgres/scheduler-leadership.js";
import { removeInterruptedImports } from "./services/interrupted-imports.js";
import { WebhookDeliveryWorker } from "./services/webhooks/delivery-worker.js";
import { BOT_BUSY_TIMEOUT_MS } from "./storage/busy.js";
import { startCheckpointer } from "./storage/checkpointer.js";
import { openStore } from "./storage/open-store.js";

/**
 * How long a stop waits for scheduled work in flight before leaving it to the next start (its
 * lease is given up, so it is taken up again). Votes in flight are never cut: each was committed
 * before it was acknowledged.
 */
const SCHEDULER_GRACE_MS = 3000;
/** How long a stop waits for work the bot started after answering (DMs, notices, channel posts). */
const BACKGROUND_GRACE_MS = 3000;
/** A stop that takes longer than this (a platform that will not disconnect) exits anyway, with status 1. */
const STOP_DEADLINE_MS = 8000;

/**
 * The composition root: config → database (migrated) → core → platform adapters. With no
 * platform credentials it opens the terminal playground on the demo campaign.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const playground = !config.slack && !config.discord;
  // The playground shares the terminal with its user: only warnings and errors, unless asked.
  const logger = createLogger({ level: playground && !config.logLevelSet ? "warn" : config.logLevel, secrets: secretsOf(config) });
  // DATABASE_URL: PostgreSQL, shared by replicas. Else the SQLite file, with short waits for the
  // write lock inside a call; the vote path retries off the loop (storage/group-commit.ts).
  const store = await openStore({
    url: config.databaseUrl,
    path: config.databasePath,
    poolSize: config.databasePoolSize,
    busyTimeoutMs: BOT_BUSY_TIMEOUT_MS,
    logger,
  });
  const db = store.db;
  const stale = removeStaleStaging();
  if (stale.length > 0) logger.info({ removed: stale }, "removed staging folders of interrupted imports");
  const health = new Health(() => store.ping());
  const checkpointer = store.sqlite && config.databasePath !== ":memory:" ? startCheckpointer(store.sqlite, config.databasePath, logger) : undefined;
  // Replicas sharing PostgreSQL: one of them runs the scheduled jobs at a time (an advisory lock).
  const leadership = store.pool ? new PostgresLeadership(store.pool, logger) : undefined;
  const judge = config.judge
    ? {
        port: createOpenAiJudge({ baseUrl: config.judge.url, ...(config.judge.apiKey ? { apiKey: config.judge.apiKey } : {}) }),
        defaultModel: config.judge.model,
      }
    : undefined;
  const core = createCore({ db, clock: systemClock, logger, leads: config.leads, timezone: config.timezone, ...(judge ? { judge } : {}) });
  await removeInterruptedImports(core.services);
  const scheduler = createScheduler({
    jobs: JOBS,
    deps: core.deps,
    clock: systemClock,
    timezone: config.timezone,
    logger,
    ...(leadership ? { leadership } : {}),
  });
  // Slack's HTTP mode and Discord's Interactions Endpoint: signed requests already served, kept
  // across restarts so a captured one stays refused (one table; keys are prefixed slack:/discord:).
  // Replicas on PostgreSQL claim each request in the database, so a copy sent to another replica is refused too.
  const signedRequests = Boolean((config.slack && !config.slack.appToken) || config.discord?.interactions);
  const seenRequests = signedRequests ? await rememberedRequestsFor(core.services, { shared: store.kind === "postgres" }) : undefined;
  const healthServer = config.healthPort === undefined ? undefined : await startHealthServer(health, config.healthPort, logger);
  // Webhook deliveries left in the outbox by an earlier run (or queued by the CLI) go out whether or not the API is on.
  const webhooks = new WebhookDeliveryWorker(core.services);
  webhooks.start();
  const snapshotsDir = snapshotsDirOf(config.databasePath);
  const apiServer = config.api
    ? await startApiServer({
        services: core.services,
        logger,
        port: config.api.port,
        snapshotsDir,
        dispatch: core.deps,
        ...(config.api.host ? { host: config.api.host } : {}),
      })
    : undefined;

  let stopping = false;
  const shutdown = async (reason: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    health.markStopping();
    logger.info({ reason }, "shutting down");
    setTimeout(() => {
      logger.error({ deadlineMs: STOP_DEADLINE_MS }, "shutdown took too long; exiting anyway");
      if (store.sqlite) void store.close();
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
    await scheduler.stop(SCHEDULER_GRACE_MS);
    // Another replica takes the scheduled jobs over as soon as this one lets the lock go.
    await leadership?.stop();
    // Pre-scoring runs stop first: each records where it stopped, so the next run resumes there.
    await stopJudgeRuns(core);
    // Work started after an answer (a DM, a lead notice, channel posts) finishes while the
    // platforms are still up; channel posts cut here are recorded and reconciled at the next start.
    if (!(await core.deps.background.idle(BACKGROUND_GRACE_MS))) logger.warn({ left: core.deps.background.size }, "stopped with background work unfinished");
    // Requests in flight finish (their votes commit) before each platform's stop resolves.
    for (const platform of core.platforms.values()) {
      await platform.stop().catch((error: unknown) => logger.error({ err: error, platform: platform.name }, "platform stop failed"));
    }
    // API requests in flight (a batch being written) finish; then deliveries in flight get a moment.
    await apiServer?.stop();
    await webhooks.stop();
    await seenRequests?.stop();
    await healthServer?.stop();
    // The checkpointer's connection closes first, so the bot's, the last, folds the WAL in.
    await checkpointer?.stop();
    await store.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));

  // Platform adapters are attached here as they are configured.
  if (config.slack) {
    const { botToken, signingSecret, appToken, port, apiUrl } = config.slack;
    const optional = {
      ...(seenRequests ? { seenRequests } : {}),
      ...(appToken ? { appToken } : {}),
      ...(apiUrl ? { apiUrl } : {}),
      ...(signingSecret ? { signingSecret } : {}),
    };
    await attachPlatform(core, createSlackAdapter({ botToken, port, logger, health, ...optional }));
  }
  if (config.discord) {
    const { botToken, applicationId, guildId, apiUrl, gateway, interactions } = config.discord;
    const endpoint = interactions ? { interactions: { ...interactions, health, ...(seenRequests ? { seenRequests } : {}) } } : {};
    await attachPlatform(
      core,
      createDiscordAdapter({ botToken, applicationId, logger, gateway, ...endpoint, ...(guildId ? { guildId } : {}), ...(apiUrl ? { apiUrl } : {}) }),
    );
  }
  await leadership?.start();
  if (core.platforms.size > 0) {
    await scheduler.start();
    health.markServing();
    return;
  }
  // The demo goes only where it was asked for: the default database (a newcomer's first run), or
  // `--demo` / the `demo` command. A lead's own database (DATABASE_PATH) is left as it is.
  const askedForDemo = process.argv.slice(2).includes("--demo");
  const demo = (!config.databasePathSet && !config.databaseUrl) || askedForDemo ? await ensureDemoCampaign(core.services) : undefined;
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  // `npm start < script | head`: the reader leaving is a normal end of the playground.
  exitQuietlyOnClosedPipe([process.stdout]);
  const terminal = createTerminalAdapter({
    input: process.stdin,
    output: process.stdout,
    user: { platform: "terminal", workspaceId: "local", userId: userInfo().username || "you", displayName: userInfo().username },
    interactive,
    color: !noColor(),
    filesDir: join(dirname(config.databasePath), "files"),
    ...(demo ? { campaign: demo.name } : {}),
    settle: () => settleBackground(core.deps),
    demo: () => ensureDemoCampaign(core.services),
  });
  if (interactive && demo?.created) process.stdout.write(`Created the demo campaign "${demo.name}" in ${store.where}.\n`);
  await attachPlatform(core, terminal);
  await scheduler.start();
  health.markServing();
  await terminal.done;
  // With no terminal to talk to (a service with only the API on), the API keeps serving until SIGTERM.
  if (apiServer && !interactive) return;
  await shutdown("end of input");
}

main().catch((error: unknown) => {
  const known = asPairwiseError(error);
  process.stderr.write(`${known ? known.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
