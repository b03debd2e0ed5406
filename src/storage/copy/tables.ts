import { is } from "drizzle-orm";
import { getTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import * as schema from "../schema/index.js";

/**
 * How a column's values are compared and converted between the dialects: SQLite stores booleans
 * and timestamps as integers, PostgreSQL as boolean and bigint.
 */
export type ValueKind = "integer" | "boolean" | "real" | "text" | "blob";

interface CopyColumn {
  name: string;
  kind: ValueKind;
}

/** One table as the copy sees it: its columns, the key it pages and orders by, and its parents. */
export interface CopyTable {
  name: string;
  columns: CopyColumn[];
  /**
   * The columns that identify a row: the primary key, or else the first unique index whose columns
   * are all NOT NULL. Batches are read in this order and resume after the last key copied; both
   * checksums read rows in it.
   */
  key: CopyColumn[];
  /** Tables this one has foreign keys to (itself excepted). */
  parents: string[];
  /** Whether `id` is an integer primary key: its PostgreSQL identity is set past the largest id after the copy. */
  identity: boolean;
}

const KIND_OF_COLUMN_TYPE: Record<string, ValueKind> = {
  SQLiteInteger: "integer",
  SQLiteTimestamp: "integer",
  SQLiteBigInt: "integer",
  SQLiteBoolean: "boolean",
  SQLiteReal: "real",
  SQLiteNumeric: "text",
  SQLiteText: "text",
  SQLiteTextJson: "text",
  SQLiteBlobBuffer: "blob",
  SQLiteBlobJson: "blob",
};

function describe(table: SQLiteTable): CopyTable {
  const config = getTableConfig(table);
  const columns = config.columns.map((c): CopyColumn => {
    const kind = KIND_OF_COLUMN_TYPE[c.columnType];
    if (!kind) throw new Error(`db copy: column ${config.name}.${c.name} has a type the copy does not know (${c.columnType}); add it to KIND_OF_COLUMN_TYPE`);
    return { name: c.name, kind };
  });
  const byName = new Map(columns.map((c) => [c.name, c]));
  const notNull = new Set(config.columns.filter((c) => c.notNull || c.primary).map((c) => c.name));
  const candidates = [
    config.columns.filter((c) => c.primary).map((c) => c.name),
    ...config.primaryKeys.map((pk) => pk.columns.map((c) => c.name)),
    ...config.indexes.filter((i) => i.config.unique && !i.config.where).map((i) => i.config.columns.map((c) => (c as { name: string }).name)),
  ].filter((names) => names.length > 0 && names.every((n) => notNull.has(n)));
  const key = candidates[0];
  // Every table of the schema has one (a test checks); a table without could not be paged exactly.
  if (!key) throw new Error(`db copy: table ${config.name} has no primary key or NOT NULL unique index to order and resume by`);
  const parents = [...new Set(config.foreignKeys.map((fk) => getTableConfig(fk.reference().foreignTable).name))].filter((n) => n !== config.name);
  const primary = config.columns.filter((c) => c.primary);
  return {
    name: config.name,
    columns,
    key: key.map((n) => byName.get(n)!),
    parents,
    identity: primary.length === 1 && primary[0]!.name === "id" && byName.get("id")!.kind === "integer",
  };
}

/** Orders tables so that every table comes after the tables it references (Kahn's algorithm, ties by name). */
function inForeignKeyOrder(tables: CopyTable[]): CopyTable[] {
  const pending = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const ordered: CopyTable[] = [];
  while (pending.size > 0) {
    const ready = [...pending.values()].filter((t) => t.parents.every((p) => done.has(p) || !pending.has(p))).sort((a, b) => a.name.localeCompare(b.name));
    if (ready.length === 0) throw new Error(`db copy: foreign keys form a cycle among ${[...pending.keys()].join(", ")}`);
    for (const t of ready) {
      pending.delete(t.name);
      done.add(t.name);
      ordered.push(t);
    }
  }
  return ordered;
}

/** Every table of the SQLite schema (src/storage/schema), parents before children. */
export function copyTables(): CopyTable[] {
  const tables: SQLiteTable[] = [];
  for (const value of Object.values(schema) as unknown[]) if (is(value, SQLiteTable)) tables.push(value);
  return inForeignKeyOrder(tables.map(describe));
}
