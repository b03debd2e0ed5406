import { systemClock } from "../clock.js";
import { loadConfig, secretsOf, type Config } from "../config.js";
import { createLogger } from "../logger.js";
import type { ServiceContext } from "../services/context.js";
import { closeDatabase, openDatabase } from "../storage/database.js";

/** Opens the database named by DATABASE_PATH for one CLI command and closes it afterwards. */
export async function withCliContext<T>(fn: (ctx: ServiceContext, config: Config) => T | Promise<T>): Promise<T> {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel === "info" ? "warn" : config.logLevel, secrets: secretsOf(config) });
  const db = openDatabase(config.databasePath);
  try {
    return await fn({ db, clock: systemClock, logger, random: Math.random }, config);
  } finally {
    closeDatabase(db);
  }
}

export { cliOutput } from "./output.js";
