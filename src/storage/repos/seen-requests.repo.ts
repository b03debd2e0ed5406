import type { Db } from "../database.js";
import { statement } from "../statement.js";
import { onConnection } from "../transaction.js";

export interface SeenRequestRow {
  key: string;
  expiresAt: number;
}

/** Records keys (a key already there keeps the later expiry). Call inside a transaction. */
export function insertSeenRequests(db: Db, rows: readonly SeenRequestRow[]): Promise<void> {
  return onConnection(db, async () => {
    const insert = statement<[string, number]>(
      db,
      `INSERT INTO seen_requests (key, expires_at) VALUES (?, ?) ON CONFLICT (key) DO UPDATE
       SET expires_at = CASE WHEN excluded.expires_at > seen_requests.expires_at THEN excluded.expires_at ELSE seen_requests.expires_at END`,
    );
    for (const row of rows) await insert.run(row.key, row.expiresAt);
  });
}

/** Drops the keys whose requests would be refused as stale by now. */
export function deleteExpiredSeenRequests(db: Db, now: number): Promise<void> {
  return onConnection(db, async () => {
    await statement<[number]>(db, "DELETE FROM seen_requests WHERE expires_at <= ?").run(now);
  });
}

/** The keys still live at `now`, oldest first. */
export function liveSeenRequests(db: Db, now: number): Promise<SeenRequestRow[]> {
  return onConnection(db, () =>
    statement<[number], SeenRequestRow>(db, 'SELECT key, expires_at AS "expiresAt" FROM seen_requests WHERE expires_at > ? ORDER BY expires_at, key').all(now),
  );
}

/**
 * Claims `key` for the caller: true when no live claim holds it (a new key, or one expired by
 * `now`), false when another request (on any replica sharing the database) claimed it first. One
 * statement, so two replicas claiming one key at once cannot both win: the second waits for the
 * first's row and then finds it live.
 */
export function claimSeenRequest(db: Db, key: string, expiresAt: number, now: number): Promise<boolean> {
  return onConnection(db, async () => {
    const claimed = await statement<[string, number, number], { key: string }>(
      db,
      "INSERT INTO seen_requests (key, expires_at) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE seen_requests.expires_at <= ? RETURNING key",
    ).get(key, expiresAt, now);
    return claimed !== undefined;
  });
}
