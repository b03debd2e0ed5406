import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/clock.js";
import { silentLogger } from "../../../src/logger.js";
import { seededRandom } from "../../../src/random.js";
import { nextAssignment } from "../../../src/services/next-assignment.js";
import { MIGRATIONS_FOLDER, type SqliteDb } from "../../../src/storage/database.js";
import * as schema from "../../../src/storage/schema/index.js";

const MERGE = "0016_merge_discord_identities";

/** A database migrated up to just before the merge, as a deployment that ran the old code has. */
function databaseBeforeMerge(): SqliteDb {
  const folder = mkdtempSync(join(tmpdir(), "pw-migrations-"));
  cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = join(folder, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { idx: number; tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag === MERGE);
  expect(at).toBeGreaterThan(0);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }));
  const sqlite = new Database(":memory:");
  sqlite.pragma("foreign_keys = ON");
  const db = drizzle({ client: sqlite, schema }) as SqliteDb;
  migrate(db, { migrationsFolder: folder });
  return db;
}

function seed(db: SqliteDb) {
  const c = db.$client;
  const run = (sql: string, ...args: unknown[]) => c.prepare(sql).run(...args);
  run(
    "INSERT INTO campaigns (id, name, status, settings) VALUES (1, 'c', 'active', ?)",
    JSON.stringify({ goldRate: 0, qualificationGate: false, peerReviewRate: 0 }),
  );
  for (const id of [1, 2, 3, 4]) {
    run(
      "INSERT INTO comparisons (id, campaign_id, external_id, prompt, response_a, response_b, target_overlap, created_at) VALUES (?, 1, ?, ?, 'A', 'B', 3, 0)",
      id,
      `x${id}`,
      JSON.stringify([{ role: "user", content: `Prompt ${id}` }]),
    );
  }
  // One Discord user as three annotators (two servers and a DM), another Discord user, a Slack user.
  run(
    "INSERT INTO annotators (id, platform, workspace_id, user_id, display_name, status, leaderboard_opt_out, created_at, calibrated_at) VALUES (1, 'discord', 'G1', 'D1', 'dee', 'qualified', 0, 10, 100)",
  );
  run(
    "INSERT INTO annotators (id, platform, workspace_id, user_id, display_name, status, leaderboard_opt_out, created_at, calibrated_at) VALUES (2, 'discord', 'G2', 'D1', 'dee', 'suspended', 0, 20, NULL)",
  );
  run(
    "INSERT INTO annotators (id, platform, workspace_id, user_id, display_name, status, leaderboard_opt_out, created_at, calibrated_at) VALUES (3, 'discord', 'dm', 'D1', 'Dee', 'new', 1, 30, 300)",
  );
  run("INSERT INTO annotators (id, platform, workspace_id, user_id, status, created_at) VALUES (4, 'discord', 'G1', 'D2', 'qualified', 40)");
  run("INSERT INTO annotators (id, platform, workspace_id, user_id, status, created_at) VALUES (5, 'slack', 'T1', 'D1', 'qualified', 50)");
  const assignment = (id: number, item: number, annotator: number, status: string, shownAt: number) =>
    run(
      "INSERT INTO assignments (id, campaign_id, comparison_id, annotator_id, kind, display_order, status, shown_at, lease_ends_at) VALUES (?, 1, ?, ?, 'regular', 'ab', ?, ?, ?)",
      id,
      item,
      annotator,
      status,
      shownAt,
      shownAt + 60_000,
    );
  const judgment = (id: number, item: number, annotator: number, assignmentId: number, choice: string, at: number) =>
    run(
      "INSERT INTO judgments (id, campaign_id, comparison_id, annotator_id, assignment_id, choice, display_order, created_at, updated_at) VALUES (?, 1, ?, ?, ?, ?, 'ab', ?, ?)",
      id,
      item,
      annotator,
      assignmentId,
      choice,
      at,
      at,
    );
  // x1: judged from G1 (first) and again from G2.
  assignment(11, 1, 1, "done", 90);
  judgment(101, 1, 1, 11, "a", 100);
  assignment(12, 1, 2, "done", 150);
  judgment(102, 1, 2, 12, "b", 200);
  run("INSERT INTO judgment_history (judgment_id, revision, choice, flags, rubric_scores, changed_at) VALUES (102, 1, 'a', '[]', '{}', 190)");
  run("INSERT INTO judgment_flags (judgment_id, kind, detail, created_at) VALUES (102, 'too_fast', 'answered in 0.5 s', 200)");
  run("INSERT INTO peer_reviews (campaign_id, judgment_id, status, reason, created_at) VALUES (1, 102, 'pending', 'too_fast', 200)");
  // x2: judged from G2; the DM identity holds an open assignment of it too.
  assignment(21, 2, 2, "done", 40);
  judgment(201, 2, 2, 21, "a", 50);
  assignment(22, 2, 3, "open", 60);
  // x3: judged from the DM only.
  assignment(31, 3, 3, "done", 290);
  judgment(301, 3, 3, 31, "tie", 300);
  // x4: the other Discord user and the Slack user.
  assignment(41, 4, 4, "done", 10);
  judgment(401, 4, 4, 41, "b", 20);
  assignment(42, 4, 5, "done", 10);
  judgment(402, 4, 5, 42, "a", 20);
  run(
    "UPDATE comparisons SET active_count = (SELECT count(*) FROM assignments s WHERE s.comparison_id = comparisons.id AND s.status IN ('open', 'done')), done_count = (SELECT count(*) FROM judgments j WHERE j.comparison_id = comparisons.id)",
  );
  run("INSERT INTO gold_due (campaign_id, annotator_id, due_since) VALUES (1, 1, 500), (1, 2, 400)");
  run("INSERT INTO calibration_rounds (id, campaign_id, run_key, items, opens_at, remind_at, closes_at) VALUES (1, 1, 'r1', '[]', 0, 0, 0)");
  run("INSERT INTO round_participants (round_id, annotator_id, started_at) VALUES (1, 2, 70), (1, 3, NULL)");
}

describe("migration: one Discord user is one annotator", () => {
  it("merges split identities into the earliest, keeps the earliest answer to an item and archives the rest", () => {
    const db = databaseBeforeMerge();
    seed(db);
    migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    const c = db.$client;
    const all = (sql: string) => c.prepare(sql).all();
    expect(all("SELECT id, platform, workspace_id, user_id, display_name, status, leaderboard_opt_out, calibrated_at FROM annotators ORDER BY id")).toEqual([
      // The most restrictive status, the latest calibration, opted out since one identity was.
      { id: 1, platform: "discord", workspace_id: "*", user_id: "D1", display_name: "Dee", status: "suspended", leaderboard_opt_out: 1, calibrated_at: 300 },
      { id: 4, platform: "discord", workspace_id: "*", user_id: "D2", display_name: null, status: "qualified", leaderboard_opt_out: 0, calibrated_at: null },
      { id: 5, platform: "slack", workspace_id: "T1", user_id: "D1", display_name: null, status: "qualified", leaderboard_opt_out: 0, calibrated_at: null },
    ]);
    // Every answer but the later one to x1 is the person's now; x1 keeps the first (a, at 100).
    expect(all("SELECT id, comparison_id AS item, annotator_id AS who, choice FROM judgments ORDER BY id")).toEqual([
      { id: 101, item: 1, who: 1, choice: "a" },
      { id: 201, item: 2, who: 1, choice: "a" },
      { id: 301, item: 3, who: 1, choice: "tie" },
      { id: 401, item: 4, who: 4, choice: "b" },
      { id: 402, item: 4, who: 5, choice: "a" },
    ]);
    expect(all("SELECT id, comparison_id AS item, annotator_id AS who, status FROM assignments ORDER BY id")).toEqual([
      { id: 11, item: 1, who: 1, status: "done" },
      { id: 21, item: 2, who: 1, status: "done" },
      { id: 31, item: 3, who: 1, status: "done" },
      { id: 41, item: 4, who: 4, status: "done" },
      { id: 42, item: 4, who: 5, status: "done" },
    ]);
    // The items count one judgment of this person, so they will ask someone else.
    expect(all("SELECT id, done_count, active_count FROM comparisons ORDER BY id")).toEqual([
      { id: 1, done_count: 1, active_count: 1 },
      { id: 2, done_count: 1, active_count: 1 },
      { id: 3, done_count: 1, active_count: 1 },
      { id: 4, done_count: 2, active_count: 2 },
    ]);
    expect(all("SELECT annotator_id, due_since FROM gold_due")).toEqual([{ annotator_id: 1, due_since: 400 }]);
    expect(all("SELECT annotator_id, started_at FROM round_participants")).toEqual([{ annotator_id: 1, started_at: 70 }]);
    expect(all("SELECT count(*) AS n FROM peer_reviews")).toEqual([{ n: 0 }]);
    // Nothing is lost: the later answer (with its history, flag and review), the spare assignment and identities are archived.
    const archive = (
      all("SELECT kept_annotator_id AS kept, source_table AS tbl, row FROM identity_merge_archive ORDER BY id") as { kept: number; tbl: string; row: string }[]
    ).map((r) => ({ ...r, row: JSON.parse(r.row) as Record<string, unknown> }));
    expect(archive.map((r) => [r.kept, r.tbl])).toEqual([
      [1, "judgments"],
      [1, "assignments"],
      [1, "assignments"],
      [1, "gold_due"],
      [1, "round_participants"],
      [1, "annotators"],
      [1, "annotators"],
    ]);
    expect(archive[0]!.row).toMatchObject({
      id: 102,
      comparison_id: 1,
      annotator_id: 2,
      workspace_id: "G2",
      choice: "b",
      history: [{ revision: 1, choice: "a", changed_at: 190 }],
      anomaly_flags: [{ kind: "too_fast", detail: "answered in 0.5 s" }],
      peer_reviews: [{ status: "pending", reason: "too_fast" }],
    });
    expect(archive.slice(1, 3).map((r) => r.row.id)).toEqual([12, 22]);
    expect(archive.slice(5).map((r) => [r.row.id, r.row.workspace_id, r.row.status])).toEqual([
      [2, "G2", "suspended"],
      [3, "dm", "new"],
    ]);
  });

  it("after it, the same user from any server is that one annotator: a suspended person is suspended everywhere", async () => {
    const db = databaseBeforeMerge();
    seed(db);
    migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    const ctx = { db, clock: new ManualClock("2026-01-05T09:00:00Z"), logger: silentLogger(), random: seededRandom(1) };
    for (const workspaceId of ["G1", "G2", "G3", "dm"]) {
      await expect(nextAssignment(ctx, { campaign: "c", annotator: { platform: "discord", workspaceId, userId: "D1" } })).rejects.toThrow(/paused|suspended/i);
    }
  });
});
