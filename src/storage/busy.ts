/**
 * SQLite answers SQLITE_BUSY when another connection holds the write lock past the busy timeout
 * (better-sqlite3 gives the extended code, e.g. SQLITE_BUSY_SNAPSHOT, as `code`).
 */
export function isBusyError(error: unknown): boolean {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === "string" && code.startsWith("SQLITE_BUSY");
}

/**
 * How long the bot's connection waits for the write lock inside a call: the event loop stands
 * still meanwhile, so it stays short, and waiting longer is done between calls ({@link busyRetryDelay}).
 */
export const BOT_BUSY_TIMEOUT_MS = 20;

/** The pause before the n-th retry (0-based) of work that met a busy database: short first, then every 50 ms. */
export function busyRetryDelay(attempt: number): number {
  return Math.min(50, 5 * 2 ** attempt);
}

/**
 * Runs database work, retrying it off the event loop while the database is busy,
 * until `deadline` (ms since the epoch); then the last SQLITE_BUSY is thrown. The work must be
 * safe to run again (a transaction that did not start, or was rolled back).
 */
export async function retryWhileBusy<T>(work: () => Promise<T>, deadline: number): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const delay = busyRetryDelay(attempt);
      if (!isBusyError(error) || Date.now() + delay > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
