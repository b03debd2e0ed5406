import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { importComparisons } from "../../src/services/import-comparisons.js";
import { PUBLISH_CHUNK_ROWS, removeInterruptedImports } from "../../src/services/interrupted-imports.js";
import { nextAssignment } from "../../src/services/next-assignment.js";
import { createTestCore, seedCampaign, type TestCore } from "../helpers/core.js";

const ROWS = PUBLISH_CHUNK_ROWS * 3 + 17;

async function setup(): Promise<{ core: TestCore; path: string; file: string; other: Database.Database }> {
  const dir = mkdtempSync(join(tmpdir(), "pw-publish-"));
  const path = join(dir, "p.db");
  const core = createTestCore({ databasePath: path });
  await seedCampaign(core, "name: c\nstatus: active\nguidelines: g\ngoldRate: 0\nqualificationGate: false\n");
  const file = join(dir, "items.jsonl");
  writeFileSync(
    file,
    Array.from({ length: ROWS }, (_, i) => JSON.stringify({ id: `q${i}`, prompt: `Question ${i}?`, response_a: `A${i}`, response_b: `B${i}` })).join("\n"),
  );
  // Another process's connection, as the bot's or a CLI's would be: it never waits for the lock.
  const other = new Database(path, { timeout: 0 });
  return { core, path, file, other };
}

/** Runs `probe` at every turn of the event loop until `done` settles. */
async function whileRunning<T>(done: Promise<T>, probe: () => Promise<void>): Promise<T> {
  let finished = false;
  const result = done.finally(() => (finished = true));
  while (!finished) {
    await probe();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return result;
}

const count = (db: Database.Database, sql: string) => (db.prepare(sql).get() as { n: number }).n;

describe("an import publishes its rows in short transactions, all or nothing", () => {
  it("other writers get the write lock between chunks, and no item of the batch is handed out before it is complete", async () => {
    const { core, file, other } = await setup();
    let writesDuringPublication = 0;
    let handedOut = 0;
    const result = await whileRunning(importComparisons(core.services, { campaign: "c", path: file }), async () => {
      const publishing = count(other, "SELECT count(*) AS n FROM import_batches WHERE status = 'publishing'") > 0;
      if (!publishing) return;
      try {
        other.prepare("BEGIN IMMEDIATE").run();
        other.prepare("COMMIT").run();
        writesDuringPublication++;
      } catch {
        // A chunk holds the lock right now.
      }
      try {
        await nextAssignment(core.services, { campaign: "c", annotator: { platform: "slack", workspaceId: "T", userId: `U${handedOut}` } });
        handedOut++;
      } catch {
        // No work: the rows copied so far are not published yet.
      }
    });
    expect(result.imported).toBe(ROWS);
    expect(writesDuringPublication).toBeGreaterThan(0);
    expect(handedOut).toBe(0);
    expect(count(other, "SELECT count(*) AS n FROM import_batches WHERE status = 'published'")).toBe(1);
    expect(
      (await nextAssignment(core.services, { campaign: "c", annotator: { platform: "slack", workspaceId: "T", userId: "after" } })).comparison.externalId,
    ).toMatch(/^q\d+$/);
  });

  it("a publication that fails half way removes every row it copied in", async () => {
    const { core, file, other } = await setup();
    let clashed = false;
    const failed = await whileRunning(
      importComparisons(core.services, { campaign: "c", path: file }).then(
        () => undefined,
        (error: Error) => error,
      ),
      async () => {
        if (clashed || count(other, "SELECT count(*) AS n FROM comparisons") === 0) return;
        // Someone adds the id of a row not copied yet: that chunk will fail on it.
        try {
          other
            .prepare(
              `INSERT INTO comparisons (campaign_id, external_id, prompt, response_a, response_b, target_overlap, created_at) VALUES (1, 'q${ROWS - 1}', '[]', 'a', 'b', 1, 0)`,
            )
            .run();
          clashed = true;
        } catch {
          // A chunk holds the lock: next turn.
        }
      },
    );
    expect(failed?.message).toMatch(/UNIQUE constraint failed/);
    expect(count(other, "SELECT count(*) AS n FROM comparisons")).toBe(1);
    expect(count(other, "SELECT count(*) AS n FROM import_batches")).toBe(0);
  });

  it("the rows of an import whose process died half way are removed at the next start; a live import's are not", async () => {
    const { core, other } = await setup();
    const dead = Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout);
    const alive = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
    try {
      const db = core.services.db.$client;
      for (const [file, owner] of [
        ["crashed.jsonl", dead],
        ["running.jsonl", alive.pid!],
      ] as const) {
        const batch = db
          .prepare(
            "INSERT INTO import_batches (campaign_id, file_name, format, rows, created_at, status, owner_pid) VALUES (1, ?, 'jsonl/plain', 2, 0, 'publishing', ?) RETURNING id",
          )
          .get(file, owner) as { id: number };
        for (let i = 0; i < 2; i++) {
          const row = db
            .prepare(
              "INSERT INTO comparisons (campaign_id, external_id, prompt, response_a, response_b, target_overlap, import_batch_id, created_at) VALUES (1, ?, '[]', 'a', 'b', 1, ?, 0) RETURNING id",
            )
            .get(`${file}-${i}`, batch.id) as { id: number };
          db.prepare("UPDATE import_batches SET first_comparison_id = coalesce(first_comparison_id, ?) WHERE id = ?").run(row.id, batch.id);
        }
      }
      expect(await removeInterruptedImports(core.services)).toEqual(["crashed.jsonl"]);
      expect((other.prepare("SELECT external_id FROM comparisons ORDER BY id").all() as { external_id: string }[]).map((r) => r.external_id)).toEqual([
        "running.jsonl-0",
        "running.jsonl-1",
      ]);
      expect(count(other, "SELECT count(*) AS n FROM import_batches")).toBe(1);
    } finally {
      alive.kill();
    }
  });
});
