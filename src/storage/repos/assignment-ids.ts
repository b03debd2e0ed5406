import type { Db } from "../database.js";
import { prepared } from "../prepared.js";

/** Ids reserved at a time: one fsynced commit per this many assignments handed out. */
export const ASSIGNMENT_ID_BLOCK = 1024;

const RESERVED_KEY = "assignment_ids_reserved_through";

interface Block {
  next: number;
  end: number;
}
const blocks = new WeakMap<Db, Block>();

/**
 * Assignment ids come from blocks reserved ahead by a durable commit, never from SQLite's
 * max(id) + 1.
 *
 * Why: handing out an item is committed without an fsync (see `durable: false` in
 * services/context.ts), so a power cut can lose the newest assignments while their cards are
 * still on people's screens. Were their ids reused, an old card's buttons would name somebody's
 * new assignment. Ids from a block whose reservation was fsynced first are never given twice:
 * after a restart this process reserves a fresh block past every id reserved before.
 *
 * Safe across processes sharing the file (the bot and the CLI): a reservation reads and raises
 * the mark inside one write transaction, so two processes never get the same block.
 *
 * Call it outside any transaction, or inside a durable one (it then commits with it); never
 * inside a `durable: false` transaction, whose reservation a power cut could take back.
 */
export function ensureAssignmentIds(db: Db, count = 1): void {
  const block = blocks.get(db);
  if (block && block.end - block.next >= count) return;
  const size = Math.max(ASSIGNMENT_ID_BLOCK, count);
  const reserved = db.$client
    .transaction(() => {
      const mark = prepared(db, "SELECT CAST(value AS INTEGER) AS n FROM app_meta WHERE key = ?").get(RESERVED_KEY) as { n: number } | undefined;
      const max = (prepared(db, "SELECT coalesce(max(id), 0) AS n FROM assignments").get() as { n: number }).n;
      const from = Math.max(mark?.n ?? 0, max) + 1;
      prepared(db, "INSERT INTO app_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(RESERVED_KEY, String(from + size - 1));
      return { next: from, end: from + size };
    })
    .immediate();
  blocks.set(db, reserved);
}

/**
 * Takes the next reserved id. Call {@link ensureAssignmentIds} before the transaction that uses
 * it (a reservation is a transaction of its own). Ids taken in a transaction that rolls back are
 * skipped, which leaves a harmless gap.
 */
export function takeAssignmentId(db: Db): number {
  const block = blocks.get(db);
  if (!block || block.next >= block.end) throw new Error("no assignment id reserved: call ensureAssignmentIds() before the transaction");
  return block.next++;
}
