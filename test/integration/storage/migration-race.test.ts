import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface, type Interface } from "node:readline";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { MIGRATIONS_FOLDER } from "../../../src/storage/database.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const CHILD = fileURLToPath(new URL("../../helpers/open-database-child.ts", import.meta.url));
const PROCESSES = 3;
const TRIALS = 12;

let children: { process: ChildProcessWithoutNullStreams; lines: Interface }[] = [];

beforeAll(() => {
  children = Array.from({ length: PROCESSES }, () => {
    const child = spawn(process.execPath, ["--import", "tsx", CHILD], { stdio: ["pipe", "pipe", "pipe"] });
    return { process: child, lines: createInterface({ input: child.stdout }) };
  });
});
afterAll(() => {
  for (const child of children) child.process.stdin.end();
});

const nextLine = (lines: Interface) => new Promise<string>((resolve) => lines.once("line", resolve));

describe("migrations across processes", () => {
  it(`${PROCESSES} processes opening a fresh database at the same moment all succeed, every time (${TRIALS} trials)`, async () => {
    const dir = mkdtempSync(join(tmpdir(), "pw-migrate-race-"));
    // Each process has loaded the code: the opens below start together.
    const warm = join(dir, "warm.db");
    expect(await Promise.all(children.map((c) => (c.process.stdin.write(`${warm}\n`), nextLine(c.lines))))).toEqual(children.map(() => "ok"));
    for (let trial = 0; trial < TRIALS; trial++) {
      const path = join(dir, `trial-${trial}.db`);
      const answers = await Promise.all(children.map((c) => (c.process.stdin.write(`${path}\n`), nextLine(c.lines))));
      expect(answers, `trial ${trial}`).toEqual(children.map(() => "ok"));
      const db = new Database(path, { readonly: true });
      const applied = db.prepare("SELECT count(*) AS n FROM __drizzle_migrations").get() as { n: number };
      db.close();
      expect(applied.n, "each migration recorded once").toBe(readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).length);
    }
  }, 60_000);
});
