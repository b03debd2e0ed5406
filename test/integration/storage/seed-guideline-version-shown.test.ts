import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { describe, expect, it } from "vitest";
import { attachPlatform, createCore } from "../../../src/app.js";
import { ManualClock } from "../../../src/clock.js";
import { silentLogger } from "../../../src/logger.js";
import { MIGRATIONS_FOLDER, type SqliteDb } from "../../../src/storage/database.js";
import * as schema from "../../../src/storage/schema/index.js";
import { FakePlatform } from "../../fakes/fake-platform.js";
import { command, textOf, user, viewOf } from "../../helpers/events.js";

const NOTES = "0021_annotator_campaign_notes";

/** A database as the code before guideline news left it: migrated up to just before the notes table. */
function databaseBefore(): { db: SqliteDb; folder: string; journal: string; full: string } {
  const folder = mkdtempSync(join(tmpdir(), "pw-migrations-"));
  cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = join(folder, "meta", "_journal.json");
  const full = readFileSync(journalPath, "utf8");
  const journal = JSON.parse(full) as { entries: { idx: number; tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag === NOTES);
  expect(at).toBeGreaterThan(0);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }));
  const sqlite = new Database(":memory:");
  sqlite.pragma("foreign_keys = ON");
  const db = drizzle({ client: sqlite, schema }) as SqliteDb;
  migrate(db, { migrationsFolder: folder });
  return { db, folder, journal: journalPath, full };
}

describe("migration: the guideline version each annotator was last shown", () => {
  it("counts the newest version they judged under, so a newer one is announced on their next card", async () => {
    const before = databaseBefore();
    const c = before.db.$client;
    const run = (sql: string, ...args: unknown[]) => c.prepare(sql).run(...args);
    run(
      "INSERT INTO campaigns (id, name, status, settings) VALUES (1, 'c', 'active', ?)",
      JSON.stringify({ goldRate: 0, qualificationGate: false, peerReviewRate: 0 }),
    );
    run("INSERT INTO guideline_versions (id, campaign_id, version, text, created_at) VALUES (1, 1, 1, 'Old rules.', 0), (2, 1, 2, 'New rules.', 1)");
    for (const id of [1, 2, 3])
      run(
        "INSERT INTO comparisons (id, campaign_id, external_id, prompt, response_a, response_b, target_overlap, created_at) VALUES (?, 1, ?, ?, 'A', 'B', 3, 0)",
        id,
        `x${id}`,
        JSON.stringify([{ role: "user", content: `Prompt ${id}` }]),
      );
    run("INSERT INTO annotators (id, platform, workspace_id, user_id, created_at) VALUES (1, 'slack', 'T1', 'U1', 0)");
    run(
      "INSERT INTO judgments (campaign_id, comparison_id, annotator_id, guideline_version_id, kind, choice, source, created_at, updated_at) VALUES (1, 1, 1, 1, 'regular', 'a', 'platform', 0, 0)",
    );

    writeFileSync(before.journal, before.full);
    migrate(before.db, { migrationsFolder: before.folder });
    expect(c.prepare("SELECT annotator_id, campaign_id, guideline_version_shown FROM annotator_campaign_notes").all()).toEqual([
      { annotator_id: 1, campaign_id: 1, guideline_version_shown: 1 },
    ]);

    const core = createCore({ db: before.db, clock: new ManualClock("2026-01-05T09:00:00Z"), logger: silentLogger() });
    const slack = new FakePlatform("slack");
    await attachPlatform(core, slack);
    expect(textOf(viewOf(await slack.emit(command(user("U1"), "next", ["c"]))))).toContain("*Guidelines changed to v2* since your last item (v1)");
  });
});
