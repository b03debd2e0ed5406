import { userInfo } from "node:os";
import { dirname, join } from "node:path";
import { createDiscordAdapter } from "../adapters/discord/index.js";
import { createOpenAiJudge } from "../adapters/openai-judge/index.js";
import { createSlackAdapter } from "../adapters/slack/index.js";
import { createTerminalAdapter } from "../adapters/terminal/index.js";
import { attachPlatform, createCore, stopJudgeRuns } from "./app.js";
import { systemClock } from "./clock.js";
import { loadConfig, secretsOf } from "./config.js";
import { isPairwiseError } from "./errors.js";
import { createLogger } from "./logger.js";
import { createScheduler } from "./scheduler/scheduler.js";
import { JOBS } from "./scheduler/jobs.js";
import { ensureDemoCampaign } from "./services/ensure-demo-campaign.js";
import { startCheckpointer } from "./storage/checkpointer.js";
import { closeDatabase, openDatabase } from "./storage/database.js";

/**
 * The composition root: config → database (migrated) → core → platform adapters. With no
 * platform credentials it opens the terminal playground on the demo campaign.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const playground = !config.slack && !config.discord;
  // The playground shares the terminal with its user: only warnings and errors, unless asked.
  const logger = createLogger({ level: playground && !config.logLevelSet ? "warn" : config.logLevel, secrets: secretsOf(config) });
  const db = openDatabase(config.databasePath);
  const checkpointer = config.databasePath === ":memory:" ? undefined : startCheckpointer(db, config.databasePath, logger);
  const judge = config.judge ? { port: createOpenAiJudge({ baseUrl: config.judge.url, ...(config.judge.apiKey ? { apiKey: config.judge.apiKey } : {}) }), defaultModel: config.judge.model } : undefined;
  const core = createCore({ db, clock: systemClock, logger, leads: config.leads, timezone: config.timezone, ...(judge ? { judge } : {}) });
  const scheduler = createScheduler({ jobs: JOBS, deps: core.deps, clock: systemClock, timezone: config.timezone, logger });

  let stopping = false;
  const shutdown = async (reason: string, code = 0): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, "shutting down");
    await scheduler.stop();
    // Pre-scoring runs stop first: each records where it stopped, so the next run resumes there.
    await stopJudgeRuns(core);
    for (const platform of core.platforms.values()) {
      await platform.stop().catch((error: unknown) => logger.error({ err: error, platform: platform.name }, "platform stop failed"));
    }
    // The checkpointer's connection closes first, so the bot's, the last, folds the WAL in.
    await checkpointer?.stop();
    closeDatabase(db);
    process.exit(code);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));

  // Platform adapters are attached here as they are configured.
  if (config.slack) {
    const { botToken, signingSecret, appToken, port, apiUrl } = config.slack;
    await attachPlatform(core, createSlackAdapter({ botToken, signingSecret, port, logger, ...(appToken ? { appToken } : {}), ...(apiUrl ? { apiUrl } : {}) }));
  }
  if (config.discord) {
    const { botToken, applicationId, guildId, apiUrl } = config.discord;
    await attachPlatform(core, createDiscordAdapter({ botToken, applicationId, logger, ...(guildId ? { guildId } : {}), ...(apiUrl ? { apiUrl } : {}) }));
  }
  if (core.platforms.size > 0) await scheduler.start();
  if (core.platforms.size === 0) {
    const demo = await ensureDemoCampaign(core.services);
    const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
    const terminal = createTerminalAdapter({
      input: process.stdin,
      output: process.stdout,
      user: { platform: "terminal", workspaceId: "local", userId: userInfo().username || "you", displayName: userInfo().username },
      interactive,
      filesDir: join(dirname(config.databasePath), "files"),
      campaign: demo.name,
    });
    if (interactive && demo.created) process.stdout.write(`Created the demo campaign "${demo.name}" in ${config.databasePath}.\n`);
    await attachPlatform(core, terminal);
    await scheduler.start();
    await terminal.done;
    await shutdown("end of input");
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${isPairwiseError(error) ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
