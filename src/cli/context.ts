import type { Config } from "../config.js";
import type { ServiceContext } from "../services/context.js";

/**
 * Opens the database for one CLI command and closes it afterwards: PostgreSQL when DATABASE_URL is
 * set (unless `options.databasePath` names a file), else the SQLite file at DATABASE_PATH. Its modules (config, logger, the driver and drizzle) load here, on first
 * use, not when the CLI starts.
 */
export async function withCliContext<T>(fn: (ctx: ServiceContext, config: Config) => T | Promise<T>, options: { databasePath?: string } = {}): Promise<T> {
  const [{ systemClock }, { loadConfig, secretsOf }, { createLogger }, { openStore }, { removeInterruptedImports }] = await Promise.all([
    import("../clock.js"),
    import("../config.js"),
    import("../logger.js"),
    import("../storage/open-store.js"),
    import("../services/interrupted-imports.js"),
  ]);
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel === "info" ? "warn" : config.logLevel, secrets: secretsOf(config) });
  const store = await openStore(
    options.databasePath ? { path: options.databasePath } : { url: config.databaseUrl, path: config.databasePath, poolSize: config.databasePoolSize, logger },
  );
  const db = store.db;
  try {
    const ctx: ServiceContext = { db, clock: systemClock, logger, random: Math.random, timezone: config.timezone };
    // Whatever the command reads, it reads no half of an import whose process died.
    await removeInterruptedImports(ctx);
    return await fn(ctx, config);
  } finally {
    await store.close();
  }
}

export { cliOutput } from "./output.js";
