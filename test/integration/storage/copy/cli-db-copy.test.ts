import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { PgTarget } from "../../../../src/storage/copy/target.js";
import { runCli } from "../../../helpers/cli.js";
import { buildCopySource } from "../../../helpers/copy-source.js";
import { freshPostgres, TEST_POSTGRES_URL, type TestPostgres } from "../../../helpers/postgres.js";

/**
 * The command against the test's PostgreSQL. On a real server it is given the database's URL. On
 * PGlite, which has no URL, the one function that turns --to into a connection answers with the
 * PGlite database for the URL below; everything after it is the command as users run it.
 */
const PGLITE_URL = "postgres://pairwise:pglite-secret@127.0.0.1:1/pglite";
const shared = vi.hoisted(() => ({ pg: undefined as undefined | { client: unknown } }));
vi.mock("../../../../src/storage/copy/connect.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../../../src/storage/copy/connect.js")>();
  return {
    ...real,
    openCopyTarget: async (url: string) =>
      url === PGLITE_URL && shared.pg
        ? { target: real.asCopyTarget(shared.pg.client as PgTarget), shown: url.replace(/:[^:@/]+@/, ":***@"), close: async () => {} }
        : real.openCopyTarget(url),
  };
});

let postgres: TestPostgres;
let url: string;
let sourcePath: string;
beforeAll(async () => {
  sourcePath = await buildCopySource();
  postgres = await freshPostgres();
  shared.pg = postgres;
  url = postgres.url ?? PGLITE_URL;
});
afterAll(async () => postgres.close());

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("pairwise db copy", () => {
  it("copies, prints a verified table of counts and checksums, and resumes to nothing left on a second run", async () => {
    const first = await runCli(["db", "copy", "--to", url, "--batch", "100"], { DATABASE_PATH: sourcePath });
    expect(first.error).toBeUndefined();
    expect(first.err).toContain(`Copying ${sourcePath} into ${url.replace(/:[^:@/]+@/, ":***@")}`);
    expect(first.err).toMatch(/Sent [\d,]+ rows in \d+ batches .*Verifying/s);
    expect(first.err).toMatch(/All 38 tables match: [\d,]+ rows/);
    const lines = first.out.split("\n");
    expect(lines[0]).toMatch(/^table\s+SQLite rows\s+PostgreSQL rows\s+SQLite sha256\s+PostgreSQL sha256$/);
    expect(lines.find((l) => l.startsWith("judgments "))).toMatch(/^judgments\s+636\s+636\s+([0-9a-f]{16})\s+\1\s+OK$/);
    expect(lines.filter((l) => l.endsWith(" OK"))).toHaveLength(38);

    const again = await runCli(["db", "copy", "--to", url, "--from", sourcePath]);
    expect(again.error).toBeUndefined();
    expect(again.err).toContain("Resumed an unfinished copy: sent 0 rows in 0 batches");
  });

  it("exits with an error naming the tables when PostgreSQL holds other rows than SQLite", async () => {
    await (postgres.client as PgTarget).query("UPDATE comparisons SET response_b = response_b || '!' WHERE id = 5");
    const result = await runCli(["db", "copy", "--to", url, "--from", sourcePath]);
    expect(result.out.split("\n").find((l) => l.startsWith("comparisons "))).toMatch(/\s212\s+212\s.*MISMATCH$/);
    expect(result.out.split("\n").filter((l) => l.endsWith("MISMATCH"))).toHaveLength(1);
    expect(result.error).toMatch(
      /^PostgreSQL does not hold the same rows as SQLite in comparisons \(see MISMATCH above\)\..*copy again into a new, empty PostgreSQL database\.$/,
    );
  });

  it("says what is wrong with the source, without a stack and without touching PostgreSQL", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pw-copy-cli-"));
    const missing = await runCli(["db", "copy", "--to", url, "--from", join(dir, "nope.db")]);
    expect(missing.error).toBe(`There is no database at ${join(dir, "nope.db")}. Pass the database to copy with --from <path>, or set DATABASE_PATH.`);

    const text = join(dir, "notes.txt");
    writeFileSync(text, "not a database at all, just some text that is long enough to fill a header page".repeat(20));
    expect((await runCli(["db", "copy", "--to", url, "--from", text])).error).toMatch(
      /^.*notes\.txt is not an SQLite database \(file is not a database\)\. Pass the database/,
    );

    const other = join(dir, "other.db");
    new Database(other).exec("CREATE TABLE notes (body text)");
    expect((await runCli(["db", "copy", "--to", url, "--from", other])).error).toBe(
      `${other} is an SQLite database but not a Pairwise one (it has no campaigns or migrations table). Pass the database to copy with --from <path>, or set DATABASE_PATH.`,
    );
  });

  it("says what is wrong with --to, never showing the password", async () => {
    const port = await closedPort();
    const refused = await runCli(["db", "copy", "--to", `postgres://pairwise:hunter2@127.0.0.1:${port}/pairwise`, "--from", sourcePath]);
    expect(refused.error).toBe(
      `Nothing accepts connections at postgres://pairwise:***@127.0.0.1:${port}/pairwise: start PostgreSQL there, or correct the host and port in --to.`,
    );
    expect(JSON.stringify(refused)).not.toContain("hunter2");

    const notUrl = await runCli(["db", "copy", "--to", "mysql://root:hunter2@127.0.0.1/x", "--from", sourcePath]);
    expect(notUrl.error).toBe("--to takes a PostgreSQL URL such as postgres://user:password@host:5432/pairwise; got mysql://root:***@127.0.0.1/x.");
    expect((await runCli(["db", "copy", "--to", url, "--batch", "0", "--from", sourcePath])).error).toMatch(
      /^--batch must be a whole number from 1 to 100000, got "0"\./,
    );
  });

  it.runIf(TEST_POSTGRES_URL)("on a real server: a wrong password and a missing database are told apart", async () => {
    const server = new URL(TEST_POSTGRES_URL!);
    const shown = (u: URL) => `postgres://${u.username}:***@${u.host}${u.pathname}`;
    const wrong = new URL(server);
    wrong.password = "not-the-password";
    const refused = await runCli(["db", "copy", "--to", wrong.toString(), "--from", sourcePath]);
    expect(refused.error).toBe(`PostgreSQL at ${shown(wrong)} refused the password: correct the user or password in --to.`);
    expect(JSON.stringify(refused)).not.toContain("not-the-password");

    const absent = new URL(server);
    absent.pathname = "/pairwise_no_such_database";
    const missing = await runCli(["db", "copy", "--to", absent.toString(), "--from", sourcePath]);
    expect(missing.error).toBe(`The database named in ${shown(absent)} does not exist: create it (createdb <name>), then run the copy again.`);
    expect(JSON.stringify(missing)).not.toContain(server.password);
  });

  it.runIf(TEST_POSTGRES_URL)("on a real server: migrates an empty database first, and refuses to run beside another copy", async () => {
    const name = `pairwise_test_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const empty = new URL(TEST_POSTGRES_URL!);
    empty.pathname = `/${name}`;
    const other = new pg.Client({ connectionString: empty.toString() });
    try {
      const copied = await runCli(["db", "copy", "--to", empty.toString(), "--from", sourcePath]);
      expect(copied.error).toBeUndefined();
      expect(copied.err).toMatch(/All 38 tables match/);

      // Another copy holds the lock (the one openCopyTarget takes: "PWIS", 20).
      await other.connect();
      await other.query("SELECT pg_advisory_lock($1, $2)", [0x50574953, 20]);
      const second = await runCli(["db", "copy", "--to", empty.toString(), "--from", sourcePath]);
      expect(second.error).toMatch(
        /^Another pairwise db copy is writing into postgres:\/\/[^:]+:\*\*\*@.* right now\. Let it finish \(or stop it\), then run this one again/,
      );
    } finally {
      await other.end().catch(() => {});
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});
