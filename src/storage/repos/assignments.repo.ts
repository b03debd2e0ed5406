import type { Statement } from "better-sqlite3";
import type { Db } from "../database.js";
import { prepared } from "../prepared.js";
import { takeAssignmentId } from "./assignment-ids.js";
import { PUBLISHED_ONLY } from "./import-batches.repo.js";
import type { ComparisonKind } from "../../domain/comparison.js";
import type { DisplayOrder } from "../../domain/choice.js";
import { onConnection } from "../transaction.js";

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

interface RawAssignment {
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

const toRecord = (r: RawAssignment): AssignmentRecord => ({
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
  id: number,
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
  openForAnnotator: Statement<[annotatorId: number, campaignId: number, now: number], RawAssignment>;
  pickFullest: Statement<[campaignId: number, kind: ComparisonKind, annotatorId: number], { id: number }>;
  pickLeastShown: Statement<[campaignId: number, kind: ComparisonKind, annotatorId: number], { id: number }>;
  insert: Statement<InsertParams, RawAssignment>;
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

const cache = new WeakMap<Db, Statements>();

function statements(db: Db): Statements {
  let s = cache.get(db);
  if (s) return s;
  const c = db.$client;
  s = {
    byId: c.prepare<[number], RawAssignment>("SELECT * FROM assignments WHERE id = ?"),
    openForAnnotator: c.prepare<[number, number, number], RawAssignment>(
      "SELECT * FROM assignments WHERE annotator_id = ? AND status = 'open' AND campaign_id = ? AND lease_ends_at > ? ORDER BY id LIMIT 1",
    ),
    // Regular items: the fullest open item first, so items complete early (index comparisons_pick).
    pickFullest: c.prepare<[number, ComparisonKind, number], { id: number }>(
      `SELECT c.id FROM comparisons c
       WHERE c.campaign_id = ? AND c.kind = ? AND c.full = 0 AND ${PUBLISHED_ONLY}
         AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.annotator_id = ? AND a.comparison_id = c.id)
         AND ${NOT_A_BAKEOFF}
       ORDER BY c.active_count DESC, c.id LIMIT 1`,
    ),
    // Gold and calibration items: every annotator sees each at most once; spread them evenly.
    // (ASC, id DESC is the backward scan of comparisons_pick_v2: no sort.)
    pickLeastShown: c.prepare<[number, ComparisonKind, number], { id: number }>(
      `SELECT c.id FROM comparisons c
       WHERE c.campaign_id = ? AND c.kind = ? AND c.full = 0 AND ${PUBLISHED_ONLY}
         AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.annotator_id = ? AND a.comparison_id = c.id)
         AND ${NOT_A_BAKEOFF}
       ORDER BY c.active_count ASC, c.id DESC LIMIT 1`,
    ),
    insert: c.prepare<InsertParams, RawAssignment>(
      `INSERT INTO assignments (id, campaign_id, comparison_id, annotator_id, kind, display_order, status, shown_at, lease_ends_at)
       VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?) RETURNING *`,
    ),
    // Keeps active_count and the `full` flag in step; gold and calibration items never fill up.
    addActive: c.prepare<[number, number, number]>(
      `UPDATE comparisons SET active_count = active_count + ?,
         full = CASE WHEN kind = 'regular' AND active_count + ? >= target_overlap THEN 1 ELSE 0 END
       WHERE id = ?`,
    ),
    expiredOpen: c.prepare<[number, number], { id: number; comparison_id: number }>(
      "SELECT id, comparison_id FROM assignments WHERE status = 'open' AND lease_ends_at <= ? LIMIT ?",
    ),
    markStatus: c.prepare<["expired" | "skipped", number]>("UPDATE assignments SET status = ? WHERE id = ? AND status = 'open'"),
    markDone: c.prepare<[number, number]>("UPDATE assignments SET status = 'done', completed_at = ? WHERE id = ?"),
  };
  cache.set(db, s);
  return s;
}

export function findAssignment(db: Db, id: number): Promise<AssignmentRecord | undefined> {
  return onConnection(db, () => {
    const raw = statements(db).byId.get(id);
    return raw ? toRecord(raw) : undefined;
  });
}

/** The annotator's current open, unexpired assignment in a campaign, if any. */
export function findOpenAssignment(db: Db, annotatorId: number, campaignId: number, now: number): Promise<AssignmentRecord | undefined> {
  return onConnection(db, () => {
    const raw = statements(db).openForAnnotator.get(annotatorId, campaignId, now);
    return raw ? toRecord(raw) : undefined;
  });
}

/** Picks a comparison this annotator has never been assigned, or undefined when none is left. */
export function pickComparison(db: Db, campaignId: number, kind: AssignmentRecord["kind"], annotatorId: number): Promise<number | undefined> {
  return onConnection(db, () => {
    const s = statements(db);
    const stmt = kind === "regular" ? s.pickFullest : s.pickLeastShown;
    const row = stmt.get(campaignId, kind, annotatorId);
    return row?.id;
  });
}

/**
 * Records an assignment and takes its slot. Its id comes from a block reserved beforehand: call
 * `ensureAssignmentIds(db)` before opening the transaction (see assignment-ids.ts for why).
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
  return onConnection(db, () => {
    const s = statements(db);
    const raw = s.insert.get(takeAssignmentId(db), a.campaignId, a.comparisonId, a.annotatorId, a.kind, a.displayOrder, a.shownAt, a.leaseEndsAt)!;
    s.addActive.run(1, 1, a.comparisonId);
    return toRecord(raw);
  });
}

/** Gives a slot back to its comparison (an expired lease, a skip). */
export function releaseAssignment(db: Db, assignmentId: number, comparisonId: number, status: "expired" | "skipped"): Promise<boolean> {
  return onConnection(db, () => releaseAssignmentNow(db, assignmentId, comparisonId, status));
}

/** {@link releaseAssignment} as part of another repo function's step (synchronous). */
function releaseAssignmentNow(db: Db, assignmentId: number, comparisonId: number, status: "expired" | "skipped"): boolean {
  const s = statements(db);
  const changed = s.markStatus.run(status, assignmentId).changes === 1;
  if (changed) s.addActive.run(-1, -1, comparisonId);
  return changed;
}

/** Marks open assignments whose lease ended as expired and frees their slots; returns how many. */
export function reclaimExpiredLeases(db: Db, now: number, limit = 200): Promise<number> {
  return onConnection(db, () => {
    const rows = statements(db).expiredOpen.all(now, limit);
    let n = 0;
    for (const row of rows) if (releaseAssignmentNow(db, row.id, row.comparison_id, "expired")) n++;
    return n;
  });
}

export function markAssignmentDone(db: Db, assignmentId: number, at: number): Promise<void> {
  return onConnection(db, () => {
    statements(db).markDone.run(at, assignmentId);
  });
}

// ---- Whether a person holds an item (services/channel-vote.ts) ----

/** True when the person has an assignment of the item in any status (their private queue had it). */
export function hasAssignmentOf(db: Db, comparisonId: number, annotatorId: number): Promise<boolean> {
  return onConnection(db, () => {
    const held = prepared<[number, number], { found: 1 }>(db, "SELECT 1 AS found FROM assignments WHERE comparison_id = ? AND annotator_id = ?");
    return held.get(comparisonId, annotatorId) !== undefined;
  });
}
