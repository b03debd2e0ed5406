import { isSqlite, type Db } from "../database.js";
import { statement, type Statement } from "../statement.js";
import { takeAssignmentId } from "./assignment-ids.js";
import { PUBLISHED_ONLY } from "./import-batches.repo.js";
import type { ComparisonKind } from "../../domain/comparison.js";
import type { DisplayOrder } from "../../domain/choice.js";
import { onConnection } from "../transaction.js";
import { addDoneCount, findComparison, toComparison, type ComparisonRecord, type RawComparison } from "./comparisons.repo.js";

/**
 * The hot path of the bot (next item, vote) as prepared statements: no query building per call,
 * every lookup an index probe. Rows come back in snake_case and are mapped in one place.
 */
export interface AssignmentRecord {
  id: number;
  campaignId: number;
  comparisonId: number;
  annotatorId: number;
  kind: ComparisonKind;
  displayOrder: DisplayOrder;
  status: "open" | "done" | "skipped" | "expired";
  shownAt: number;
  leaseEndsAt: number;
  completedAt: number | null;
}

/** An assignments row as the driver gives it. */
export interface RawAssignment {
  id: number;
  campaign_id: number;
  comparison_id: number;
  annotator_id: number;
  kind: AssignmentRecord["kind"];
  display_order: AssignmentRecord["displayOrder"];
  status: AssignmentRecord["status"];
  shown_at: number;
  lease_ends_at: number;
  completed_at: number | null;
}

export const toRecord = (r: RawAssignment): AssignmentRecord => ({
  id: r.id,
  campaignId: r.campaign_id,
  comparisonId: r.comparison_id,
  annotatorId: r.annotator_id,
  kind: r.kind,
  displayOrder: r.display_order,
  status: r.status,
  shownAt: r.shown_at,
  leaseEndsAt: r.lease_ends_at,
  completedAt: r.completed_at,
});

type InsertParams = [
  campaignId: number,
  comparisonId: number,
  annotatorId: number,
  kind: AssignmentRecord["kind"],
  displayOrder: DisplayOrder,
  shownAt: number,
  leaseEndsAt: number,
];

interface Statements {
  byId: Statement<[id: number], RawAssignment>;
  /** PostgreSQL only: takes the annotator's row lock, so one person's picks run one after another. */
  lockAnnotator: Statement<[annotatorId: number]> | undefined;
  openForAnnotator: Statement<[annotatorId: number, campaignId: number, now: number], RawAssignment>;
  /** SQLite. */
  pickFullest: Statement<PickParams, { id: number }> | undefined;
  pickLeastShown: Statement<PickParams, { id: number }> | undefined;
  /** PostgreSQL: the picks, skipping the items other transactions are handing out, then waiting for them. */
  pgPicks: Record<"fullest" | "leastShown" | "fullestWaiting" | "leastShownWaiting", Statement<PgPickParams, { id: number }>> | undefined;
  /** SQLite: the id is given, from a reserved block (assignment-ids.ts). */
  insertWithId: Statement<[id: number, ...InsertParams], RawAssignment> | undefined;
  /** PostgreSQL: the id comes from the identity column, and the item's slot is taken in the same statement. */
  insertFromIdentity: Statement<[comparisonId: number, ...InsertParams], RawAssignment> | undefined;
  addActive: Statement<[delta: number, sameDelta: number, comparisonId: number]>;
  expiredOpen: Statement<[now: number, limit: number], { id: number; comparison_id: number }>;
  markStatus: Statement<[status: "expired" | "skipped", id: number]>;
  markDone: Statement<[completedAt: number, id: number]>;
}

/**
 * A bake-off's pairs are voted on only through its own channel posts (the sampler chose each for
 * that post, and counts on its one vote there): never handed out by `next`. One probe of the
 * unique index bakeoffs_campaign.
 */
const NOT_A_BAKEOFF = "NOT EXISTS (SELECT 1 FROM bakeoffs b WHERE b.campaign_id = c.campaign_id)";
/**
 * PostgreSQL's form of it, on the campaign's id given again as a parameter: uncorrelated, it is
 * checked once before the scan (an InitPlan). Correlated, the planner took it for an anti-join
 * leaving about one row, and sorted every free item of the campaign instead of reading the first
 * one off comparisons_pick_v2 (120 ms instead of 0.1 ms a pick at 20,000 items).
 */
const NOT_A_BAKEOFF_PG = "NOT EXISTS (SELECT 1 FROM bakeoffs b WHERE b.campaign_id = ?)";

type PickParams = [campaignId: number, kind: ComparisonKind, annotatorId: number];
/** PostgreSQL's picks take the campaign's id a second time (NOT_A_BAKEOFF_PG). */
type PgPickParams = [...PickParams, bakeoffCampaignId: number];

/**
 * An item this annotator has never been assigned, not full, in the given order. Regular items go
 * fullest first, so items complete early (index comparisons_pick); gold and calibration items
 * least shown first, spread evenly (ASC, id DESC is the backward scan of comparisons_pick_v2: no
 * sort). `lock` is PostgreSQL's row lock clause, empty on SQLite.
 */
function pickSql(order: string, lock: string, notABakeoff = NOT_A_BAKEOFF): string {
  return `SELECT c.id FROM comparisons c
       WHERE c.campaign_id = ? AND c.kind = ? AND c."full" = FALSE AND ${PUBLISHED_ONLY}
         AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.annotator_id = ? AND a.comparison_id = c.id)
         AND ${notABakeoff}
       ${order} LIMIT 1${lock}`;
}

const cache = new WeakMap<Db, Statements>();

/**
 * Where the two databases differ, the two texts sit together; everything else is one text.
 *
 * PostgreSQL runs transactions side by side, so the picks lock what they hand out: the pick takes
 * the item's row lock and skips items another transaction is handing out (`FOR UPDATE OF c SKIP
 * LOCKED`), so two people never both take an item's last slot and nobody waits; only when every
 * item left is being handed out right now does it wait for them (`FOR UPDATE OF c`: the server
 * checks the row again once the lock is released, and moves on when it filled up); the annotator's
 * row lock (taken when looking for their open assignment) makes one person's picks run one after
 * another, so the second sees the first's assignment (never the same item twice, never two open
 * cards); and reading an assignment for a vote locks it, so a double click records once. SQLite
 * runs one transaction at a time: none of this is needed there.
 */
function statements(db: Db): Statements {
  let s = cache.get(db);
  if (s) return s;
  const sqlite = isSqlite(db);
  s = {
    byId: statement<[number], RawAssignment>(db, sqlite ? "SELECT * FROM assignments WHERE id = ?" : "SELECT * FROM assignments WHERE id = ? FOR UPDATE"),
    lockAnnotator: sqlite ? undefined : statement<[number]>(db, "SELECT 1 FROM annotators WHERE id = ? FOR UPDATE"),
    openForAnnotator: statement<[number, number, number], RawAssignment>(
      db,
      "SELECT * FROM assignments WHERE annotator_id = ? AND status = 'open' AND campaign_id = ? AND lease_ends_at > ? ORDER BY id LIMIT 1",
    ),
    pickFullest: sqlite ? statement(db, pickSql("ORDER BY c.active_count DESC, c.id", "")) : undefined,
    pickLeastShown: sqlite ? statement(db, pickSql("ORDER BY c.active_count ASC, c.id DESC", "")) : undefined,
    pgPicks: sqlite
      ? undefined
      : {
          fullest: statement(db, pickSql("ORDER BY c.active_count DESC, c.id", " FOR UPDATE OF c SKIP LOCKED", NOT_A_BAKEOFF_PG)),
          leastShown: statement(db, pickSql("ORDER BY c.active_count ASC, c.id DESC", " FOR UPDATE OF c SKIP LOCKED", NOT_A_BAKEOFF_PG)),
          fullestWaiting: statement(db, pickSql("ORDER BY c.active_count DESC, c.id", " FOR UPDATE OF c", NOT_A_BAKEOFF_PG)),
          leastShownWaiting: statement(db, pickSql("ORDER BY c.active_count ASC, c.id DESC", " FOR UPDATE OF c", NOT_A_BAKEOFF_PG)),
        },
    insertWithId: sqlite
      ? statement<[number, ...InsertParams], RawAssignment>(
          db,
          `INSERT INTO assignments (id, campaign_id, comparison_id, annotator_id, kind, display_order, status, shown_at, lease_ends_at)
           VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?) RETURNING *`,
        )
      : undefined,
    insertFromIdentity: sqlite
      ? undefined
      : // addActive(1) on the item, as a data-modifying WITH (run once, whether read or not): one round trip, not two.
        statement<[number, ...InsertParams], RawAssignment>(
          db,
          `WITH taken AS (
             UPDATE comparisons SET active_count = active_count + 1,
               "full" = CASE WHEN kind = 'regular' AND active_count + 1 >= target_overlap THEN TRUE ELSE FALSE END
             WHERE id = ?)
           INSERT INTO assignments (campaign_id, comparison_id, annotator_id, kind, display_order, status, shown_at, lease_ends_at)
           VALUES (?, ?, ?, ?, ?, 'open', ?, ?) RETURNING *`,
        ),
    // Keeps active_count and the `full` flag in step; gold and calibration items never fill up.
    addActive: statement<[number, number, number]>(
      db,
      `UPDATE comparisons SET active_count = active_count + ?,
         "full" = CASE WHEN kind = 'regular' AND active_count + ? >= target_overlap THEN TRUE ELSE FALSE END
       WHERE id = ?`,
    ),
    expiredOpen: statement<[number, number], { id: number; comparison_id: number }>(
      db,
      "SELECT id, comparison_id FROM assignments WHERE status = 'open' AND lease_ends_at <= ? LIMIT ?",
    ),
    markStatus: statement<["expired" | "skipped", number]>(db, "UPDATE assignments SET status = ? WHERE id = ? AND status = 'open'"),
    markDone: statement<[number, number]>(db, "UPDATE assignments SET status = 'done', completed_at = ? WHERE id = ?"),
  };
  cache.set(db, s);
  return s;
}

export function findAssignment(db: Db, id: number): Promise<AssignmentRecord | undefined> {
  return onConnection(db, async () => {
    const raw = await statements(db).byId.get(id);
    return raw ? toRecord(raw) : undefined;
  });
}

/** The annotator's current open, unexpired assignment in a campaign, if any. */
export function findOpenAssignment(db: Db, annotatorId: number, campaignId: number, now: number): Promise<AssignmentRecord | undefined> {
  return onConnection(db, async () => {
    const s = statements(db);
    if (s.lockAnnotator) await s.lockAnnotator.run(annotatorId);
    const raw = await s.openForAnnotator.get(annotatorId, campaignId, now);
    return raw ? toRecord(raw) : undefined;
  });
}

/** Picks a comparison this annotator has never been assigned, or undefined when none is left. */
export function pickComparison(db: Db, campaignId: number, kind: AssignmentRecord["kind"], annotatorId: number): Promise<number | undefined> {
  return onConnection(db, async () => {
    const s = statements(db);
    if (s.pgPicks) {
      const [first, waiting] = kind === "regular" ? [s.pgPicks.fullest, s.pgPicks.fullestWaiting] : [s.pgPicks.leastShown, s.pgPicks.leastShownWaiting];
      return ((await first.get(campaignId, kind, annotatorId, campaignId)) ?? (await waiting.get(campaignId, kind, annotatorId, campaignId)))?.id;
    }
    const pick = kind === "regular" ? s.pickFullest! : s.pickLeastShown!;
    return (await pick.get(campaignId, kind, annotatorId))?.id;
  });
}

/**
 * Records an assignment and takes its slot. On SQLite its id comes from a block reserved
 * beforehand: call `ensureAssignmentIds(db)` before opening the transaction (see
 * assignment-ids.ts for why); on PostgreSQL from the identity column.
 */
export function insertAssignment(
  db: Db,
  a: {
    campaignId: number;
    comparisonId: number;
    annotatorId: number;
    kind: AssignmentRecord["kind"];
    displayOrder: "ab" | "ba";
    shownAt: number;
    leaseEndsAt: number;
  },
): Promise<AssignmentRecord> {
  return onConnection(db, async () => {
    const s = statements(db);
    const values: InsertParams = [a.campaignId, a.comparisonId, a.annotatorId, a.kind, a.displayOrder, a.shownAt, a.leaseEndsAt];
    if (!isSqlite(db)) return toRecord((await s.insertFromIdentity!.get(a.comparisonId, ...values))!);
    const raw = await s.insertWithId!.get(takeAssignmentId(db), ...values);
    await s.addActive.run(1, 1, a.comparisonId);
    return toRecord(raw!);
  });
}

/**
 * {@link insertAssignment}, giving back the item as it is after its slot was taken (what `next`
 * shows). SQLite: the insert, then the item's read; PostgreSQL: one statement, the item's row as
 * the slot's UPDATE returns it.
 */
export async function insertAssignmentWithItem(
  db: Db,
  a: Parameters<typeof insertAssignment>[1],
): Promise<{ assignment: AssignmentRecord; comparison: ComparisonRecord | undefined }> {
  if (isSqlite(db)) {
    const assignment = await insertAssignment(db, a);
    return { assignment, comparison: await findComparison(db, a.comparisonId) };
  }
  return onConnection(db, async () => {
    const row = await statement<[number, ...InsertParams], { assignment: RawAssignment; comparison: RawComparison }>(
      db,
      `WITH taken AS (
         UPDATE comparisons SET active_count = active_count + 1,
           "full" = CASE WHEN kind = 'regular' AND active_count + 1 >= target_overlap THEN TRUE ELSE FALSE END
         WHERE id = ? RETURNING *),
       made AS (
         INSERT INTO assignments (campaign_id, comparison_id, annotator_id, kind, display_order, status, shown_at, lease_ends_at)
         VALUES (?, ?, ?, ?, ?, 'open', ?, ?) RETURNING *)
       SELECT row_to_json(made) AS assignment, row_to_json(taken) AS comparison FROM made CROSS JOIN taken`,
    ).get(a.comparisonId, a.campaignId, a.comparisonId, a.annotatorId, a.kind, a.displayOrder, a.shownAt, a.leaseEndsAt);
    return { assignment: toRecord(row!.assignment), comparison: toComparison(row!.comparison) };
  });
}

/** Gives a slot back to its comparison (an expired lease, a skip). */
export function releaseAssignment(db: Db, assignmentId: number, comparisonId: number, status: "expired" | "skipped"): Promise<boolean> {
  return onConnection(db, () => releaseAssignmentNow(db, assignmentId, comparisonId, status));
}

/** {@link releaseAssignment} as part of another repo function's step. */
async function releaseAssignmentNow(db: Db, assignmentId: number, comparisonId: number, status: "expired" | "skipped"): Promise<boolean> {
  const s = statements(db);
  const changed = (await s.markStatus.run(status, assignmentId)) === 1;
  if (changed) await s.addActive.run(-1, -1, comparisonId);
  return changed;
}

/** Marks open assignments whose lease ended as expired and frees their slots; returns how many. */
export function reclaimExpiredLeases(db: Db, now: number, limit = 200): Promise<number> {
  return onConnection(db, async () => {
    const rows = await statements(db).expiredOpen.all(now, limit);
    let n = 0;
    for (const row of rows) if (await releaseAssignmentNow(db, row.id, row.comparison_id, "expired")) n++;
    return n;
  });
}

export function markAssignmentDone(db: Db, assignmentId: number, at: number): Promise<void> {
  return onConnection(db, async () => {
    await statements(db).markDone.run(at, assignmentId);
  });
}

/**
 * A vote's bookkeeping: the assignment done, and one more done judgment on its item. SQLite: the
 * two updates, as markAssignmentDone and addDoneCount make them; PostgreSQL: one statement (the
 * item's update as a data-modifying WITH, which runs once whether read or not).
 */
export async function completeAssignment(db: Db, a: { assignmentId: number; comparisonId: number; at: number }): Promise<void> {
  if (isSqlite(db)) {
    await markAssignmentDone(db, a.assignmentId, a.at);
    await addDoneCount(db, a.comparisonId, 1);
    return;
  }
  await onConnection(db, () =>
    statement<[comparisonId: number, completedAt: number, assignmentId: number]>(
      db,
      `WITH counted AS (UPDATE comparisons SET done_count = done_count + 1 WHERE id = ?)
       UPDATE assignments SET status = 'done', completed_at = ? WHERE id = ?`,
    ).run(a.comparisonId, a.at, a.assignmentId),
  );
}

// ---- Whether a person holds an item (services/channel-vote.ts) ----

/** True when the person has an assignment of the item in any status (their private queue had it). */
export function hasAssignmentOf(db: Db, comparisonId: number, annotatorId: number): Promise<boolean> {
  return onConnection(db, async () => {
    const held = statement<[number, number], { found: 1 }>(db, "SELECT 1 AS found FROM assignments WHERE comparison_id = ? AND annotator_id = ?");
    return (await held.get(comparisonId, annotatorId)) !== undefined;
  });
}
