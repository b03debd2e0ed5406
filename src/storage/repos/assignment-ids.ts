import { isSqlite, type Db, type SqliteDb } from "../database.js";
import { prepared } from "../prepared.js";
import { onConnection } from "../transaction.js";

/** Ids reserved at a time: one fsynced commit per this many assignments handed out. */
export const ASSIGNMENT_ID_BLOCK = 1024;

const RESERVED_KEY = "assignment_ids_reserved_through";
/** One app_meta row per reservation, `assignment_ids_block:<first id>`: whether it is still reserved can be checked exactly. */
const BLOCK_KEY_PREFIX = "assignment_ids_block:";

interface Block {
  from: number;
  next: number;
  end: number;
  /** False while the transaction that reserved it may still roll back (a reservation made inside one). */
  committed: boolean;
}
const blocks = new WeakMap<SqliteDb, Block>();

/**
 * The block this process holds, if its reservation stands. One made inside a transaction (a
 * group commit's savepoint) is taken back if that savepoint or the whole transaction rolls back,
 * while the block stayed in memory: its ids would then come from no reservation at all, and a
 * power cut could hand them out twice. Its row in app_meta says whether it stands.
 */
function standingBlock(db: SqliteDb): Block | undefined {
  const block = blocks.get(db);
  if (!block || block.committed) return block;
  if (!prepared<[string]>(db, "SELECT 1 FROM app_meta WHERE key = ?").get(`${BLOCK_KEY_PREFIX}${block.from}`)) {
    blocks.delete(db);
    return undefined;
  }
  if (!db.$client.inTransaction) block.committed = true;
  return block;
}

/**
 * Assignment ids come from blocks reserved ahead by a durable commit, never from SQLite's
 * max(id) + 1.
 *
 * Why: handing out an item is committed without an fsync (see `durable: false` in
 * storage/transaction.ts), so a power cut can lose the newest assignments while their cards are
 * still on people's screens. Were their ids reused, an old card's buttons would name somebody's
 * new assignment. Ids from a block whose reservation was fsynced first are never given twice:
 * after a restart this process reserves a fresh block past every id reserved before.
 *
 * Safe across processes sharing the file (the bot and the CLI): a reservation reads and raises
 * the mark inside one write transaction, so two processes never get the same block.
 *
 * Call it outside any transaction, or inside a durable one (it then commits with it, and is
 * dropped if that transaction or savepoint rolls back); never inside a `durable: false`
 * transaction, whose reservation a power cut could take back.
 *
 * PostgreSQL: ids come from the identity column (RETURNING id), so this does nothing there. (A
 * server crash right after `synchronous_commit = off` commits may let the sequence hand out the
 * lost ids again: #20 still has to decide whether handing out stays non-durable there.)
 */
export function ensureAssignmentIds(db: Db, count = 1): Promise<void> {
  if (!isSqlite(db)) return Promise.resolve();
  // The common case, read from memory alone: a block whose reservation is committed, with ids left.
  const held = blocks.get(db);
  if (held?.committed && held.end - held.next >= count) return Promise.resolve();
  return onConnection(db, () => {
    const block = standingBlock(db);
    if (block && block.end - block.next >= count) return;
    const size = Math.max(ASSIGNMENT_ID_BLOCK, count);
    const nested = db.$client.inTransaction;
    const upsert = prepared<[string, string]>(db, "INSERT INTO app_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    const reserved = db.$client
      .transaction(() => {
        const mark = prepared<[string], { n: number }>(db, "SELECT CAST(value AS INTEGER) AS n FROM app_meta WHERE key = ?").get(RESERVED_KEY);
        const max = prepared<[], { n: number }>(db, "SELECT coalesce(max(id), 0) AS n FROM assignments").get()!.n;
        const from = Math.max(mark?.n ?? 0, max) + 1;
        upsert.run(RESERVED_KEY, String(from + size - 1));
        if (block) prepared<[string]>(db, "DELETE FROM app_meta WHERE key = ?").run(`${BLOCK_KEY_PREFIX}${block.from}`);
        upsert.run(`${BLOCK_KEY_PREFIX}${from}`, String(from + size - 1));
        return { from, next: from, end: from + size, committed: !nested };
      })
      .immediate();
    blocks.set(db, reserved);
  });
}

/**
 * Takes the next reserved id. Call {@link ensureAssignmentIds} before the transaction that uses
 * it (a reservation is a transaction of its own). Ids taken in a transaction that rolls back are
 * skipped, which leaves a harmless gap.
 */
export function takeAssignmentId(db: SqliteDb): number {
  const block = standingBlock(db);
  if (!block || block.next >= block.end) throw new Error("no assignment id reserved: call ensureAssignmentIds() before the transaction");
  return block.next++;
}
