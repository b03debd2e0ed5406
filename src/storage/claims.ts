import { isSqlite, type Db } from "./database.js";
import { ROW_LOCK_NAMESPACES, rowLockKey } from "./postgres/advisory-locks.js";
import type { PgConnection, PostgresDb } from "./postgres/handle.js";

/** What a process claims while it works on one row, so that no other process works on it meanwhile. */
type ClaimKind = "channelPost" | "importBatch";

/**
 * A row this process works on, claimed until {@link HeldClaim.release}, or until the process dies.
 *
 * - In this process, a second claim of the same row is refused (both databases).
 * - On a PostgreSQL server, the claim is also a session advisory lock held on a connection kept
 *   for it: another process (a replica, a CLI, on any host) is refused while this one lives, and
 *   PostgreSQL releases the lock the moment the session ends (the process died or lost its
 *   connection), with no expiry to wait out or renew.
 * - SQLite and PGlite serve one process: the in-process claim is all there is.
 */
export interface HeldClaim {
  /**
   * Whether the claim still holds: false once the kept session has ended, since another process
   * may then claim the row. Asks the server (one `SELECT 1` on the kept connection).
   */
  alive(): Promise<boolean>;
  /** Gives the row up (and the connection back). Never throws. */
  release(): Promise<void>;
}

/** Rows claimed in this process, per database and kind. */
const claimed = new WeakMap<object, Map<ClaimKind, Set<number>>>();

function claimedIn(db: Db, kind: ClaimKind): Set<number> {
  const key = isSqlite(db) ? db.$client : db.pool;
  let kinds = claimed.get(key);
  if (!kinds) {
    kinds = new Map();
    claimed.set(key, kinds);
  }
  let ids = kinds.get(kind);
  if (!ids) {
    ids = new Set();
    kinds.set(kind, ids);
  }
  return ids;
}

/**
 * Claims row `id` of `kind` for this process; undefined when this process or (PostgreSQL server)
 * another one holds it. Throws only when the database cannot be reached.
 */
export async function tryClaim(db: Db, kind: ClaimKind, id: number): Promise<HeldClaim | undefined> {
  const mine = claimedIn(db, kind);
  if (mine.has(id)) return undefined;
  mine.add(id);
  const forget = () => mine.delete(id);
  if (isSqlite(db) || db.oneSession) {
    return { alive: async () => true, release: async () => void forget() };
  }
  try {
    const session = await lockOnSession(db, kind, id);
    if (!session) forget();
    return session && { alive: session.alive, release: () => session.release().finally(forget) };
  } catch (error) {
    forget();
    throw error;
  }
}

/** Takes the advisory lock on a connection of its own, kept until release; undefined when another session holds it. */
async function lockOnSession(db: PostgresDb, kind: ClaimKind, id: number): Promise<HeldClaim | undefined> {
  const keys = [ROW_LOCK_NAMESPACES[kind], rowLockKey(id)];
  const connection: PgConnection = await db.pool.connect();
  /** Set once the lock is given up: released, or lost with its session (the connection is closed then, not pooled again). */
  let ended = false;
  let held = false;
  // Without a listener, a kept connection that drops would crash the process; with it, the claim is known lost.
  connection.onError?.((error) => {
    if (!held || ended) return;
    ended = true;
    connection.release(error);
  });
  try {
    const { rows } = await connection.query("SELECT pg_try_advisory_lock($1, $2) AS locked", keys);
    if ((rows[0] as { locked: boolean } | undefined)?.locked !== true) {
      connection.release();
      return undefined;
    }
  } catch (error) {
    connection.release(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
  held = true;
  return {
    async alive() {
      if (ended) return false;
      try {
        await connection.query("SELECT 1", []);
        return true;
      } catch (error) {
        if (!ended) {
          ended = true;
          connection.release(error instanceof Error ? error : new Error(String(error)));
        }
        return false;
      }
    },
    async release() {
      if (ended) return;
      ended = true;
      try {
        await connection.query("SELECT pg_advisory_unlock($1, $2)", keys);
        connection.release();
      } catch (error) {
        // Closing the session releases the lock as surely as the unlock would have.
        connection.release(error instanceof Error ? error : new Error(String(error)));
      }
    },
  };
}
