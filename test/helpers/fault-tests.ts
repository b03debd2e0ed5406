import { pino } from "pino";
import type { RetryPolicy } from "../../src/core/channel-posts/retry-policy.js";
import type { Logger } from "../../src/logger.js";
import type { SqliteDb } from "../../src/storage/database.js";

/** The core's channel-post retries, shortened: 100, 200, 400, 800 ms apart. */
export const FAST_POST_RETRY: RetryPolicy = { attempts: 5, initialDelayMs: 100, factor: 2, maxDelayMs: 1000 };

/** The gaps between consecutive times (ms). */
export const gaps = (times: readonly number[]): number[] => times.slice(1).map((t, i) => t - times[i]!);

/**
 * A logger that keeps every line as pino wrote it, with no scrubbing: a test that finds no token
 * here knows the errors themselves carry none (the production logger scrubs on top).
 */
export function recordingLogger(): { logger: Logger; lines: string[]; has(message: string): boolean } {
  const lines: string[] = [];
  const logger = pino({ level: "debug" }, { write: (line: string) => void lines.push(line) });
  return { logger, lines, has: (message) => lines.some((l) => l.includes(message)) };
}

export interface PostRow {
  id: number;
  comparison_id: number;
  status: string;
  message_id: string | null;
}

export const postRows = (db: SqliteDb): PostRow[] =>
  db.$client.prepare("SELECT id, comparison_id, status, message_id FROM channel_posts ORDER BY id").all() as PostRow[];

export const judgmentCount = (db: SqliteDb): number => (db.$client.prepare("SELECT count(*) AS n FROM judgments").get() as { n: number }).n;
