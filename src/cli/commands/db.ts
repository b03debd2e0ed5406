import type { Command } from "commander";
import { PairwiseError } from "../../errors.js";
import type { TableCheck } from "../../storage/copy/copy.js";
import { cliOutput, withCliContext } from "../context.js";
import { numberOption } from "../number-option.js";
import { createProgress } from "../progress.js";

const HELP = `
Copies every table of the SQLite database (--from, default DATABASE_PATH) into the PostgreSQL
database at --to, which is migrated first if it needs to be. Stop the bot first: the copy reads one
snapshot of the file, and votes cast after it would not be in PostgreSQL.

The copy goes in batches, each one transaction; a copy that stopped (a lost connection, Ctrl-C)
resumes where it stopped when the same command runs again. The target must be empty, or hold an
unfinished copy of the same database. Afterwards every table is verified: the row count and a
SHA-256 over its rows on both sides; the command fails if any table differs.

Examples:
  pairwise db copy --to postgres://pairwise:secret@127.0.0.1:5432/pairwise
  pairwise db copy --from /srv/pairwise/pairwise.db --to postgres://pairwise@db.internal/pairwise`;

const n = (value: number) => value.toLocaleString("en-US");

/** The verification as a table: rows on each side, the checksums' first 16 hex digits, OK or MISMATCH. */
function printChecks(checks: TableCheck[]): void {
  const width = Math.max(5, ...checks.map((c) => c.table.length));
  const rows = [
    ["table".padEnd(width), "SQLite rows".padStart(12), "PostgreSQL rows".padStart(16), "SQLite sha256".padEnd(16), "PostgreSQL sha256".padEnd(17), ""],
    ...checks.map((c) => [
      c.table.padEnd(width),
      n(c.source.rows).padStart(12),
      n(c.target.rows).padStart(16),
      c.source.sha256.slice(0, 16),
      c.target.sha256.slice(0, 16).padEnd(17),
      c.ok ? "OK" : "MISMATCH",
    ]),
  ];
  for (const row of rows) cliOutput.out(row.join("  ").trimEnd());
}

export function registerDbCommand(program: Command): void {
  const db = program.command("db").description("Move the database: copy an SQLite deployment into PostgreSQL").addHelpText("after", HELP);
  db.command("copy")
    .description("Copy the SQLite database into PostgreSQL, resumably, and verify it table by table")
    .requiredOption("--to <url>", "the PostgreSQL database, postgres://user:password@host:port/name")
    .option("--from <path>", "the SQLite database file (default: DATABASE_PATH, ./data/pairwise.db)")
    .option("--batch <rows>", "rows per batch, each one transaction (default 1000)")
    .action(async (options: { to: string; from?: string; batch?: string }) => {
      const batchSize = options.batch === undefined ? 1000 : numberOption("--batch", options.batch, { integer: true, min: 1, max: 100_000 });
      const [{ loadConfig }, { checkCopySource }, { openCopyTarget }, { copyDatabase, verifyCopy }] = await Promise.all([
        import("../../config.js"),
        import("../../storage/copy/source.js"),
        import("../../storage/copy/connect.js"),
        import("../../storage/copy/copy.js"),
      ]);
      const from = options.from ?? loadConfig().databasePath;
      checkCopySource(from);
      const { target, shown, close } = await openCopyTarget(options.to);
      try {
        await withCliContext(
          async (ctx) => {
            cliOutput.err(`Copying ${from} into ${shown}`);
            const progress = createProgress("Copying", "rows");
            const started = Date.now();
            let result;
            try {
              result = await copyDatabase(ctx.db, from, target, { batchSize, onBatch: (p) => progress.update(p.copied, p.total, p.table) });
            } finally {
              progress.stop();
            }
            const seconds = ((Date.now() - started) / 1000).toFixed(1);
            cliOutput.err(
              `${result.resumed ? "Resumed an unfinished copy: sent" : "Sent"} ${n(result.rowsSent)} rows in ${n(result.batches)} batches (${seconds} s). Verifying…`,
            );
            const verifying = createProgress("Verifying", "tables");
            let checks: TableCheck[];
            try {
              checks = await verifyCopy(ctx.db, target, (checked, tables, table) => verifying.update(checked, tables, table));
            } finally {
              verifying.stop();
            }
            printChecks(checks);
            const bad = checks.filter((c) => !c.ok);
            const total = checks.reduce((sum, c) => sum + c.source.rows, 0);
            if (bad.length > 0)
              throw new PairwiseError(
                "CONFLICT",
                `PostgreSQL does not hold the same rows as SQLite in ${bad.map((c) => c.table).join(", ")} (see MISMATCH above). Rows were changed on one side after they were copied: was the bot still running on SQLite, or did something write to PostgreSQL? Stop it, then copy again into a new, empty PostgreSQL database.`,
              );
            cliOutput.err(
              `All ${checks.length} tables match: ${n(total)} rows, same counts and checksums on both sides. The table pairwise_copy_progress in PostgreSQL is the copy's own record; drop it when you like.`,
            );
          },
          { databasePath: from },
        );
      } finally {
        await close();
      }
    });
}
