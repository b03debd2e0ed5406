import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../../src/storage/database.js";
import { ensureBuilt } from "../../helpers/build.js";

const BIN = fileURLToPath(new URL("../../../bin/pairwise.js", import.meta.url));

/** Runs the installed `pairwise` bin (compiled code, no TypeScript loader) as a user would. */
function pairwise(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(() => ensureBuilt(), 180_000);

describe("the pairwise bin", () => {
  it("runs the compiled CLI: help, and a command that finds its migrations from dist/", async () => {
    const help = await pairwise(["--help"]);
    expect(help.code).toBe(0);
    for (const command of ["campaign", "import", "export", "report", "agreement"]) expect(help.stdout).toContain(command);
    const db = join(mkdtempSync(join(tmpdir(), "pw-bin-")), "p.db");
    const list = await pairwise(["campaign", "list"], { DATABASE_PATH: db });
    expect(list).toMatchObject({ code: 0, stdout: expect.stringContaining("No campaigns yet") });
  });

  it("says the database is busy, without a stack trace, when another process holds the write lock", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pw-bin-"));
    const path = join(dir, "p.db");
    openDatabase(path).$client.close();
    writeFileSync(join(dir, "c.yaml"), "name: c\nguidelines: g\n");
    const holder = new Database(path);
    holder.prepare("BEGIN IMMEDIATE").run();
    try {
      const result = await pairwise(["campaign", "create", join(dir, "c.yaml")], { DATABASE_PATH: path });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^error: The database is busy: another process .* is writing to it\. Nothing was changed; try again in a moment\.\n$/);
    } finally {
      holder.prepare("ROLLBACK").run();
      holder.close();
    }
  });

  it("names the option, without a stack trace, when a number option is not a number", async () => {
    const db = join(mkdtempSync(join(tmpdir(), "pw-bin-")), "p.db");
    const result = await pairwise(["import", "c", "items.jsonl", "--limit", "abc"], { DATABASE_PATH: db });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('error: --limit must be a whole number of at least 1, got "abc". For example: --limit 100.\n');
  });

  it("ends quietly when the reader of its output goes away (pairwise aggregate … | head)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pw-bin-"));
    const file = join(dir, "labels.jsonl");
    // Enough output that the pipe fills and later writes meet the closed end.
    const rows: string[] = [];
    for (let i = 0; i < 30_000; i++)
      for (const a of ["a1", "a2", "a3"]) rows.push(JSON.stringify({ annotator: a, item: `item-${i}`, label: (i + a.length) % 2 ? "x" : "y" }));
    writeFileSync(file, rows.join("\n"));
    const result = await new Promise<{ code: number | null; stderr: string; first: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, "aggregate", file]);
      let stderr = "";
      let first = "";
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      // Like `head -1`: read the first chunk, then close our end of the pipe.
      child.stdout.once("data", (d: Buffer) => {
        first = d.toString().split("\n")[0]!;
        child.stdout.destroy();
      });
      child.on("exit", (code) => resolve({ code, stderr, first }));
    });
    expect(result.first).toMatch(/^item-0\t/);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });
});
