import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { asCopyTarget } from "../../../../src/storage/copy/connect.js";
import { copyDatabase, verifyCopy, type TableCheck } from "../../../../src/storage/copy/copy.js";
import type { PgTarget } from "../../../../src/storage/copy/target.js";
import { closeDatabase, openDatabase, type SqliteDb } from "../../../../src/storage/database.js";
import { buildCopySource } from "../../../helpers/copy-source.js";
import { freshPostgres, type TestPostgres } from "../../../helpers/postgres.js";

/** Copies of a few hundred rows in batches of 50: every table of any size takes several. */
const BATCH = 50;

let sourcePath: string;
let source: SqliteDb;
let pg: TestPostgres;
let target: PgTarget;

beforeAll(async () => {
  sourcePath = await buildCopySource();
  source = openDatabase(sourcePath);
});
afterAll(() => closeDatabase(source));
beforeEach(async () => {
  pg = await freshPostgres();
  target = asCopyTarget(pg.client as PgTarget);
});
afterEach(async () => pg.close());

const mismatched = (checks: TableCheck[]) => checks.filter((c) => !c.ok).map((c) => c.table);

describe(`db copy into PostgreSQL (${process.env.PAIRWISE_TEST_POSTGRES_URL ? "server" : "PGlite"})`, () => {
  it("copies every table, parents first, with the same counts and checksums on both sides", async () => {
    const seen: string[] = [];
    const result = await copyDatabase(source, sourcePath, target, { batchSize: BATCH, onBatch: (p) => void (seen.at(-1) !== p.table && seen.push(p.table)) });
    expect(result.resumed).toBe(false);
    expect(result.batches).toBeGreaterThan(10);
    // Parents before children: campaigns before comparisons before judgments.
    expect(seen.indexOf("campaigns")).toBeLessThan(seen.indexOf("comparisons"));
    expect(seen.indexOf("comparisons")).toBeLessThan(seen.indexOf("judgments"));

    const checks = await verifyCopy(source, target);
    expect(checks).toHaveLength(38);
    expect(mismatched(checks)).toEqual([]);
    const byTable = Object.fromEntries(checks.map((c) => [c.table, c]));
    expect(byTable.judgments!.target.rows).toBe(636);
    expect(byTable.comparisons!.target.rows).toBe(212);
    expect(result.rowsSent).toBe(checks.reduce((sum, c) => sum + c.source.rows, 0));
    expect(byTable.judgments!.target.sha256).toBe(byTable.judgments!.source.sha256);
  });

  it("converts the values whose types differ: 0/1 to boolean, integers to bigint, fractions exactly", async () => {
    await copyDatabase(source, sourcePath, target, { batchSize: BATCH });
    const { rows: polls } = await target.query("SELECT id, anonymous, hidden, multi, closes_at, salt FROM polls ORDER BY id");
    expect(polls.map((p) => [p.anonymous, p.hidden, p.multi, p.salt])).toEqual([
      [false, true, false, null],
      [true, false, true, "c2FsdA"],
    ]);
    expect(Number(polls[0]!.closes_at)).toBe(1767600000000);
    const { rows: weekly } = await target.query("SELECT agreement, gold_accuracy FROM annotator_weekly ORDER BY annotator_id");
    expect(weekly.map((w) => [w.agreement, w.gold_accuracy])).toEqual([
      [0.30000000000000004, null],
      [1e-300, 0.6666666666666666],
    ]);
    const { rows: types } = await target.query(
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'polls' AND column_name IN ('anonymous', 'closes_at') ORDER BY 1",
    );
    expect(types).toEqual([
      { column_name: "anonymous", data_type: "boolean" },
      { column_name: "closes_at", data_type: "bigint" },
    ]);
    const text = source.$client.prepare("SELECT response_a FROM comparisons WHERE response_a LIKE '%🙂%' LIMIT 1").pluck().get() as string;
    const { rows: same } = await target.query("SELECT count(*) AS n FROM comparisons WHERE response_a = $1", [text]);
    expect(Number(same[0]!.n)).toBeGreaterThan(0);
  });

  it("sets each identity past the largest id SQLite gave out, so the next row the bot inserts takes the id after it", async () => {
    await copyDatabase(source, sourcePath, target, { batchSize: BATCH });
    const max = Number(source.$client.prepare("SELECT max(id) FROM judgments").pluck().get());
    const { rows } = await target.query(
      `INSERT INTO judgments (campaign_id, comparison_id, annotator_id, choice, created_at, updated_at)
       SELECT campaign_id, id, (SELECT max(id) FROM annotators), 'a', 0, 0 FROM comparisons WHERE id = 1 RETURNING id`,
    );
    expect(Number(rows[0]!.id)).toBe(max + 1);
    // Campaign 3 was created and deleted in SQLite: its id is not given again.
    expect(source.$client.prepare("SELECT max(id) FROM campaigns").pluck().get()).toBe(2);
    const { rows: campaign } = await target.query("INSERT INTO campaigns (name, settings) VALUES ('new', '{}') RETURNING id");
    expect(Number(campaign[0]!.id)).toBe(4);
  });

  it("resumes a copy interrupted after some batches, sending only what is missing, to the same result", async () => {
    const whole = await freshPostgres();
    let expected: TableCheck[];
    try {
      const wholeTarget = asCopyTarget(whole.client as PgTarget);
      await copyDatabase(source, sourcePath, wholeTarget, { batchSize: BATCH });
      expected = await verifyCopy(source, wholeTarget);
    } finally {
      await whole.close();
    }

    let batches = 0;
    const stop = new Error("the connection dropped");
    await expect(
      copyDatabase(source, sourcePath, target, {
        batchSize: BATCH,
        onBatch: () => {
          // Stops after the 9th batch, in the middle of comparisons.
          if (++batches === 9) throw stop;
        },
      }),
    ).rejects.toBe(stop);
    const halfway = await verifyCopy(source, target);
    expect(mismatched(halfway)).toContain("judgments");
    const { rows } = await target.query("SELECT sum(rows_copied) AS n FROM pairwise_copy_progress");
    const copiedBefore = Number(rows[0]!.n);
    expect(copiedBefore).toBeGreaterThan(0);

    const resumed = await copyDatabase(source, sourcePath, target, { batchSize: BATCH });
    expect(resumed.resumed).toBe(true);
    const total = expected.reduce((sum, c) => sum + c.source.rows, 0);
    // Skipped ahead: what the first run committed was not sent again.
    expect(resumed.rowsSent).toBe(total - copiedBefore);
    const after = await verifyCopy(source, target);
    expect(mismatched(after)).toEqual([]);
    expect(after.map((c) => [c.table, c.target])).toEqual(expected.map((c) => [c.table, c.target]));

    // A third run has nothing left to send.
    const again = await copyDatabase(source, sourcePath, target, { batchSize: BATCH });
    expect([again.resumed, again.rowsSent]).toEqual([true, 0]);
  });

  it("finds a row changed, removed or added on the target after the copy", async () => {
    await copyDatabase(source, sourcePath, target, { batchSize: BATCH });
    expect(mismatched(await verifyCopy(source, target))).toEqual([]);

    await target.query("UPDATE judgments SET rationale = 'edited' WHERE id = (SELECT min(id) FROM judgments)");
    await target.query("UPDATE polls SET hidden = NOT hidden WHERE id = 2");
    await target.query("DELETE FROM poll_votes WHERE voter_user_id = 'u1'");
    await target.query("INSERT INTO app_meta (key, value) VALUES ('extra', 'x')");
    const checks = await verifyCopy(source, target);
    expect(mismatched(checks).sort()).toEqual(["app_meta", "judgments", "poll_votes", "polls"]);
    const byTable = Object.fromEntries(checks.map((c) => [c.table, c]));
    // Same count, different content: only the checksum tells.
    expect(byTable.judgments!.target.rows).toBe(byTable.judgments!.source.rows);
    expect(byTable.judgments!.target.sha256).not.toBe(byTable.judgments!.source.sha256);
    expect([byTable.poll_votes!.source.rows, byTable.poll_votes!.target.rows]).toEqual([3, 2]);
  });

  it("refuses a target holding another database's copy, or rows no copy put there", async () => {
    const otherPath = await buildCopySource({ pandalmRows: 5 });
    const other = openDatabase(otherPath);
    try {
      await copyDatabase(other, otherPath, target, {
        batchSize: BATCH,
        onBatch: () => {
          throw new Error("stop");
        },
      }).catch(() => {});
      await expect(copyDatabase(source, sourcePath, target, { batchSize: BATCH })).rejects.toThrow(
        `already holds a copy of another SQLite database (${otherPath}), so copying ${sourcePath} into it could mix the two. Copy into an empty database`,
      );
    } finally {
      closeDatabase(other);
    }

    const fresh = await freshPostgres();
    try {
      const freshTarget = asCopyTarget(fresh.client as PgTarget);
      await freshTarget.query("INSERT INTO campaigns (id, name, settings) VALUES (1, 'mine', '{}')");
      await expect(copyDatabase(source, sourcePath, freshTarget)).rejects.toThrow(/already holds data that no copy put there \(in campaigns\)/);
      const { rows } = await freshTarget.query("SELECT count(*) AS n FROM comparisons");
      expect(Number(rows[0]!.n)).toBe(0);
    } finally {
      await fresh.close();
    }
  });
});
