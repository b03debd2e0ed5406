import { createHash } from "node:crypto";
import type { SourceIdentity } from "./source.js";
import type { CopyTable } from "./tables.js";
import { canonical, toTarget } from "./values.js";

/** What the copy needs of a PostgreSQL connection: parameterized queries, and a transaction on one connection. */
export interface PgQueryable {
  query(text: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}
export interface PgTarget extends PgQueryable {
  transaction<T>(fn: (tx: PgQueryable) => Promise<T>): Promise<T>;
}

/** Where a table's copy stands on the target, as recorded in the batch that got it there. */
export interface TableProgress {
  table: string;
  source: SourceIdentity;
  /** The key of the last row copied (JSON of the key's values, integers as strings); null before the first batch. */
  lastKey: string | null;
  rowsCopied: number;
  done: boolean;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
const PROGRESS = "pairwise_copy_progress";

/**
 * The copy's own record on the target, one row per table: which source it copies (path and
 * fingerprint), the last key copied, and whether the table is done. Each batch updates its row in
 * the transaction that inserts the batch, so the record is exactly what the target holds. It is
 * not part of the schema: the bot never reads it, and it can be dropped once the copy is verified.
 */
export async function ensureProgressTable(target: PgQueryable): Promise<void> {
  await target.query(`CREATE TABLE IF NOT EXISTS ${PROGRESS} (
    table_name text PRIMARY KEY,
    source_path text NOT NULL,
    source_fingerprint text NOT NULL,
    last_key text,
    rows_copied bigint NOT NULL DEFAULT 0,
    done boolean NOT NULL DEFAULT false,
    updated_at timestamptz NOT NULL DEFAULT now()
  )`);
}

export async function readProgress(target: PgQueryable): Promise<TableProgress[]> {
  const { rows } = await target.query(`SELECT table_name, source_path, source_fingerprint, last_key, rows_copied, done FROM ${PROGRESS} ORDER BY table_name`);
  return rows.map((r) => ({
    table: String(r.table_name),
    source: { path: String(r.source_path), fingerprint: String(r.source_fingerprint) },
    lastKey: r.last_key === null ? null : String(r.last_key),
    rowsCopied: Number(r.rows_copied),
    done: r.done === true,
  }));
}

/** Records that `tables` are to be copied from `source` (kept as they are where a row already exists). */
export async function startProgress(target: PgQueryable, source: SourceIdentity, tables: CopyTable[]): Promise<void> {
  await target.query(
    `INSERT INTO ${PROGRESS} (table_name, source_path, source_fingerprint)
     SELECT t, $2, $3 FROM unnest($1::text[]) AS t ON CONFLICT (table_name) DO NOTHING`,
    [tables.map((t) => t.name), source.path, source.fingerprint],
  );
}

/** The columns each table has on the target, by table name (absent tables have no entry). */
export async function targetColumns(target: PgQueryable): Promise<Map<string, Set<string>>> {
  const { rows } = await target.query(
    "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position",
  );
  const tables = new Map<string, Set<string>>();
  for (const r of rows) {
    const name = String(r.table_name);
    if (!tables.has(name)) tables.set(name, new Set());
    tables.get(name)!.add(String(r.column_name));
  }
  return tables;
}

export async function hasAnyRow(target: PgQueryable, table: CopyTable): Promise<boolean> {
  const { rows } = await target.query(`SELECT EXISTS (SELECT 1 FROM ${quote(table.name)}) AS any`);
  return rows[0]?.any === true;
}

/**
 * Inserts one batch and records its last key, in one transaction: a copy stopped at any point
 * resumes after the last committed batch. ON CONFLICT DO NOTHING makes a batch sent twice harmless.
 * The rows travel as one JSON parameter that PostgreSQL spreads over the table's own row type, so
 * a batch is one statement whatever its width. OVERRIDING SYSTEM VALUE keeps the source's ids even
 * on a `GENERATED ALWAYS` identity.
 */
export async function insertBatch(target: PgTarget, table: CopyTable, rows: unknown[][], lastKey: string, done: boolean): Promise<void> {
  const columns = table.columns.map((c) => quote(c.name)).join(", ");
  const records = rows.map((row) => Object.fromEntries(table.columns.map((c, i) => [c.name, toTarget(c.kind, row[i])])));
  await target.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO ${quote(table.name)} (${columns}) ${table.identity ? "OVERRIDING SYSTEM VALUE" : ""}
       SELECT ${columns} FROM json_populate_recordset(NULL::${quote(table.name)}, $1::json) ON CONFLICT DO NOTHING`,
      [JSON.stringify(records)],
    );
    await tx.query(`UPDATE ${PROGRESS} SET last_key = $2, rows_copied = rows_copied + $3, done = $4, updated_at = now() WHERE table_name = $1`, [
      table.name,
      lastKey,
      rows.length,
      done,
    ]);
  });
}

export async function markDone(target: PgQueryable, table: CopyTable): Promise<void> {
  await target.query(`UPDATE ${PROGRESS} SET done = true, updated_at = now() WHERE table_name = $1`, [table.name]);
}

/**
 * Moves the table's identity (or serial sequence) past its largest id and past `givenOut` (the
 * largest id the source ever gave out), so the bot's next insert takes the id after both.
 */
export async function resetIdentity(target: PgQueryable, table: CopyTable, givenOut: number): Promise<void> {
  if (!table.identity) return;
  await target.query(
    `SELECT setval(pg_get_serial_sequence($1, 'id'), GREATEST(COALESCE((SELECT max(id) FROM ${quote(table.name)}), 0), $2::bigint) + 1, false)
     WHERE pg_get_serial_sequence($1, 'id') IS NOT NULL`,
    [quote(table.name), givenOut],
  );
}

/** What a checksum says of one side of one table. */
export interface TableDigest {
  rows: number;
  sha256: string;
}

/** Hashes canonical rows in key order: the same bytes on both sides when the tables hold the same rows. */
export function digestRows(rows: Iterable<(string | boolean | null)[]>): TableDigest {
  const hash = createHash("sha256");
  let count = 0;
  for (const row of rows) {
    hash.update(`${JSON.stringify(row)}\n`);
    count++;
  }
  return { rows: count, sha256: hash.digest("hex") };
}

/**
 * The target table's rows in key order through a cursor, `fetch` rows at a time. Text keys sort
 * by bytes (COLLATE "C"), as SQLite's BINARY collation sorts them, whatever the database's locale.
 */
export async function targetDigest(target: PgTarget, table: CopyTable, fetch = 1000): Promise<TableDigest> {
  const columns = table.columns.map((c) => quote(c.name)).join(", ");
  const order = table.key.map((c) => (c.kind === "text" ? `${quote(c.name)} COLLATE "C"` : quote(c.name))).join(", ");
  const hash = createHash("sha256");
  let count = 0;
  await target.transaction(async (tx) => {
    await tx.query(`DECLARE pairwise_copy_verify NO SCROLL CURSOR FOR SELECT ${columns} FROM ${quote(table.name)} ORDER BY ${order}`);
    for (;;) {
      const { rows } = await tx.query(`FETCH ${fetch} FROM pairwise_copy_verify`);
      for (const row of rows) {
        hash.update(`${JSON.stringify(table.columns.map((c) => canonical(c.kind, row[c.name])))}\n`);
        count++;
      }
      if (rows.length < fetch) break;
    }
    await tx.query("CLOSE pairwise_copy_verify");
  });
  return { rows: count, sha256: hash.digest("hex") };
}
