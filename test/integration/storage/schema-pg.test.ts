import { Column, eq, getTableName, is, type SQL, sql, StringChunk } from "drizzle-orm";
import { getTableConfig as pgTableConfig, PgTable } from "drizzle-orm/pg-core";
import { getTableConfig as sqliteTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pingPostgres } from "../../../src/storage/postgres/database.js";
import { closePglite, openPglite } from "../../../src/storage/postgres/pglite.js";
import * as pgSchema from "../../../src/storage/schema-pg/index.js";
import * as sqliteSchema from "../../../src/storage/schema/index.js";

/**
 * The PostgreSQL schema against the SQLite one, and its migrations against a real PostgreSQL
 * (PGlite). The comparison is what keeps the two dialects one data model: a column, key, foreign
 * key or index added on one side only fails here, naming the table and what differs.
 */

/** One table as both dialects can describe it, in dialect-neutral terms. */
interface TableShape {
  columns: Record<string, { kind: string; notNull: boolean; primary: boolean; generated: boolean; default: string | null }>;
  primaryKey: string[];
  /** Every uniqueness rule, whether a column's UNIQUE, a unique index or a table constraint: `name(columns)`. */
  uniques: string[];
  indexes: string[];
  foreignKeys: string[];
  checks: string[];
}

/** The column kinds the mapping allows, by drizzle column class: SQLite's and the PostgreSQL one it becomes. */
const SQLITE_KIND: Record<string, string> = {
  SQLiteInteger: "integer",
  SQLiteTimestamp: "integer",
  SQLiteBoolean: "boolean",
  SQLiteReal: "real",
  SQLiteText: "text",
};
const PG_KIND: Record<string, string> = {
  PgBigInt53: "integer",
  PgBoolean: "boolean",
  PgDoublePrecision: "real",
  PgText: "text",
};

/** The text of a SQL fragment in an index or a partial index's WHERE, columns by name, case and spacing normalised. */
function render(fragment: SQL): string {
  const text = fragment.queryChunks
    .map((chunk) => {
      if (is(chunk, Column)) return chunk.name;
      if (is(chunk, StringChunk)) return chunk.value.join("");
      throw new Error(`unexpected chunk in ${JSON.stringify(fragment)}: write it as text and columns only`);
    })
    .join("");
  return text.replace(/\s+/g, " ").trim().toLowerCase();
}

function defaultOf(column: Column): string | null {
  // SQLite marks an INTEGER PRIMARY KEY as defaulted (the rowid) without declaring a default: only declared ones count.
  if (column.default === undefined) return null;
  // Expressions differ by dialect (unixepoch() against extract(epoch …)); the PGlite test checks their value.
  if (typeof column.default === "object" && column.default !== null) return "(expression)";
  return JSON.stringify(column.default);
}

function sqliteShape(table: SQLiteTable): TableShape {
  const config = sqliteTableConfig(table);
  const columns: TableShape["columns"] = {};
  for (const c of config.columns) {
    columns[c.name] = {
      kind: SQLITE_KIND[c.columnType] ?? `unmapped ${c.columnType}`,
      notNull: c.notNull,
      primary: c.primary,
      generated: (c as Column & { autoIncrement?: boolean }).autoIncrement === true,
      default: defaultOf(c),
    };
  }
  return {
    columns,
    primaryKey: [...config.columns.filter((c) => c.primary).map((c) => c.name), ...config.primaryKeys.flatMap((k) => k.columns.map((c) => c.name))],
    uniques: [
      ...config.columns.filter((c) => c.isUnique).map((c) => `${c.uniqueName}(${c.name})`),
      ...config.indexes
        .filter((i) => i.config.unique)
        .map((i) => `${i.config.name}(${i.config.columns.map((c) => (is(c, Column) ? c.name : render(c))).join(",")})`),
      ...config.uniqueConstraints.map((u) => `${u.getName()}(${u.columns.map((c) => c.name).join(",")})`),
    ].sort(),
    indexes: config.indexes
      .map((i) => {
        const columns = i.config.columns.map((c) => (is(c, Column) ? c.name : render(c))).join(",");
        return `${i.config.unique ? "unique " : ""}${i.config.name}(${columns})${i.config.where ? ` where ${render(i.config.where)}` : ""}`;
      })
      .sort(),
    foreignKeys: config.foreignKeys
      .map((fk) => {
        const ref = fk.reference();
        return `${ref.columns.map((c) => c.name).join(",")} -> ${getTableName(ref.foreignTable)}(${ref.foreignColumns.map((c) => c.name).join(",")}) on delete ${fk.onDelete ?? "no action"}`;
      })
      .sort(),
    checks: config.checks.map((c) => `${c.name}: ${render(c.value)}`).sort(),
  };
}

function pgShape(table: PgTable): TableShape {
  const config = pgTableConfig(table);
  const columns: TableShape["columns"] = {};
  for (const c of config.columns) {
    columns[c.name] = {
      kind: PG_KIND[c.columnType] ?? `unmapped ${c.columnType}`,
      notNull: c.notNull,
      primary: c.primary,
      // Explicit ids must stay insertable (db copy writes them): BY DEFAULT, never ALWAYS.
      generated: c.generatedIdentity?.type === "byDefault",
      default: defaultOf(c),
    };
  }
  const indexColumn = (c: (typeof config.indexes)[number]["config"]["columns"][number]): string => {
    if (!is(c, Column) && "queryChunks" in c) return render(c as SQL);
    // NULLS FIRST/LAST is not compared: SQLite has no such option (see schema-pg/comparisons.ts).
    const column = c as { name: string; indexConfig?: { order?: string } };
    return column.indexConfig?.order === "desc" ? `${column.name} desc` : column.name;
  };
  return {
    columns,
    primaryKey: [...config.columns.filter((c) => c.primary).map((c) => c.name), ...config.primaryKeys.flatMap((k) => k.columns.map((c) => c.name))],
    uniques: [
      ...config.columns.filter((c) => c.isUnique).map((c) => `${c.uniqueName}(${c.name})`),
      ...config.indexes.filter((i) => i.config.unique).map((i) => `${i.config.name}(${i.config.columns.map(indexColumn).join(",")})`),
      ...config.uniqueConstraints.map((u) => `${u.getName()}(${u.columns.map((c) => c.name).join(",")})`),
    ].sort(),
    indexes: config.indexes
      .map(
        (i) =>
          `${i.config.unique ? "unique " : ""}${i.config.name}(${i.config.columns.map(indexColumn).join(",")})${i.config.where ? ` where ${render(i.config.where)}` : ""}`,
      )
      .sort(),
    foreignKeys: config.foreignKeys
      .map((fk) => {
        const ref = fk.reference();
        return `${ref.columns.map((c) => c.name).join(",")} -> ${getTableName(ref.foreignTable)}(${ref.foreignColumns.map((c) => c.name).join(",")}) on delete ${fk.onDelete ?? "no action"}`;
      })
      .sort(),
    checks: config.checks.map((c) => `${c.name}: ${render(c.value)}`).sort(),
  };
}

const sqliteTables = new Map(Object.values(sqliteSchema).flatMap((v) => (is(v, SQLiteTable) ? [[getTableName(v), v] as const] : [])));
const pgTables = new Map(Object.values(pgSchema).flatMap((v) => (is(v, PgTable) ? [[getTableName(v), v] as const] : [])));

describe("the PostgreSQL schema matches the SQLite schema", () => {
  it("has the same tables", () => {
    expect([...pgTables.keys()].sort()).toEqual([...sqliteTables.keys()].sort());
    expect(sqliteTables.size).toBeGreaterThan(30);
  });

  it.each([...sqliteTables.keys()].sort())("%s: same columns, nullability, kinds, keys, uniques, indexes and foreign keys", (name) => {
    const sqlite = sqliteTables.get(name);
    const pg = pgTables.get(name);
    expect(pg, `table ${name} is missing from src/storage/schema-pg: add it, then \`npm run db:generate:pg\``).toBeDefined();
    if (!sqlite || !pg) return;
    const want = sqliteShape(sqlite);
    const got = pgShape(pg);
    const fix = "change src/storage/schema-pg to match src/storage/schema, then `npm run db:generate:pg`";
    // Column order aside (drizzle-kit appends a new column at the end on both sides anyway).
    expect(Object.keys(got.columns).sort(), `${name}: columns (${fix})`).toEqual(Object.keys(want.columns).sort());
    for (const column of Object.keys(want.columns)) expect(got.columns[column], `${name}.${column} (${fix})`).toEqual(want.columns[column]);
    expect(got.primaryKey, `${name}: primary key (${fix})`).toEqual(want.primaryKey);
    expect(got.uniques, `${name}: uniques (${fix})`).toEqual(want.uniques);
    expect(got.indexes, `${name}: indexes (${fix})`).toEqual(want.indexes);
    expect(got.foreignKeys, `${name}: foreign keys (${fix})`).toEqual(want.foreignKeys);
    expect(got.checks, `${name}: checks (${fix})`).toEqual(want.checks);
  });
});

describe("migrations-pg on PGlite", () => {
  let db: Awaited<ReturnType<typeof openPglite>>;
  beforeAll(async () => {
    db = await openPglite();
  });
  afterAll(async () => {
    await closePglite(db);
  });

  it("creates exactly the schema's tables, columns and indexes (a schema-pg change without `npm run db:generate:pg` fails here)", async () => {
    const columns = await db.execute<{ table_name: string; column_name: string; is_nullable: string; data_type: string }>(
      sql`SELECT table_name, column_name, is_nullable, data_type FROM information_schema.columns WHERE table_schema = 'public'`,
    );
    const indexes = await db.execute<{ tablename: string; indexname: string; indexdef: string }>(
      sql`SELECT i.tablename, i.indexname, i.indexdef FROM pg_indexes i JOIN pg_class c ON c.relname = i.indexname AND c.relnamespace = 'public'::regnamespace JOIN pg_index x ON x.indexrelid = c.oid WHERE i.schemaname = 'public' AND NOT x.indisprimary`,
    );
    const behind = "migrations-pg is behind schema-pg: run `npm run db:generate:pg`";
    const sqlType: Record<string, string> = { integer: "bigint", boolean: "boolean", real: "double precision", text: "text" };
    for (const [name, table] of pgTables) {
      const shape = pgShape(table);
      const inDb = columns.rows.filter((r) => r.table_name === name);
      expect(
        Object.fromEntries(inDb.map((r) => [r.column_name, `${r.data_type} ${r.is_nullable === "NO" ? "not null" : "null"}`])),
        `${name}: columns (${behind})`,
      ).toEqual(Object.fromEntries(Object.entries(shape.columns).map(([c, v]) => [c, `${sqlType[v.kind]} ${v.notNull ? "not null" : "null"}`])));
      const declared = [...shape.indexes.map((i) => i.replace(/^unique /, "").replace(/\(.*$/, "")), ...shape.uniques.map((u) => u.replace(/\(.*$/, ""))];
      const created = indexes.rows.filter((r) => r.tablename === name).map((r) => r.indexname);
      expect([...new Set(created)].sort(), `${name}: indexes (${behind})`).toEqual([...new Set(declared)].sort());
    }
    const partial = Object.fromEntries(
      indexes.rows.filter((r) => r.indexdef.includes(" WHERE ")).map((r) => [r.indexname, r.indexdef.replace(/^.* WHERE /, "")]),
    );
    expect(partial).toEqual({ assignments_open_by_annotator_v2: "(status = 'open'::text)", judgments_gold_recent: "(kind = 'gold'::text)" });
  });

  it("stores and reads rows of the main tables with their values unchanged", async () => {
    const { campaigns, comparisons, annotators, assignments, judgments, judgeAnswers } = pgSchema;
    const before = Math.floor(Date.now() / 1000) * 1000;
    const [campaign] = await db.insert(campaigns).values({ name: "pg-roundtrip", settings: '{"overlap": 3,  "ünïcode": "✓"}' }).returning();
    expect(campaign?.settings).toBe('{"overlap": 3,  "ünïcode": "✓"}'); // JSON kept as text, byte for byte
    expect(campaign?.status).toBe("draft");
    // The default is SQLite's: epoch milliseconds in whole seconds.
    expect(campaign?.createdAt).toBeGreaterThanOrEqual(before);
    expect((campaign?.createdAt ?? 1) % 1000).toBe(0);
    const campaignId = campaign?.id ?? 0;

    const at = 1_764_000_000_123; // past 2^31: the times need bigint
    const [item] = await db
      .insert(comparisons)
      .values({ campaignId, externalId: "e1", prompt: '[{"role":"user","content":"hi"}]', responseA: "a", responseB: "b", targetOverlap: 3, createdAt: at })
      .returning();
    expect(item).toMatchObject({ tags: "[]", metadata: "{}", kind: "regular", full: false, activeCount: 0, createdAt: at });
    await db
      .update(comparisons)
      .set({ full: true })
      .where(eq(comparisons.id, item?.id ?? 0));

    // Explicit ids go in (db copy writes them); the identity then continues past them once reset.
    await db.insert(annotators).values({ id: 41, platform: "slack", workspaceId: "T1", userId: "U1", createdAt: at });
    await db.execute(sql`SELECT setval(pg_get_serial_sequence('annotators', 'id'), (SELECT max(id) FROM annotators))`);
    const [next] = await db.insert(annotators).values({ platform: "slack", workspaceId: "T1", userId: "U2", createdAt: at }).returning({ id: annotators.id });
    expect(next?.id).toBe(42);
    // The identity (platform, workspace, user) is unique here too.
    await expect(db.insert(annotators).values({ platform: "slack", workspaceId: "T1", userId: "U1", createdAt: at })).rejects.toThrow();

    const [assignment] = await db
      .insert(assignments)
      .values({ campaignId, comparisonId: item?.id ?? 0, annotatorId: 41, kind: "regular", displayOrder: "ba", shownAt: at, leaseEndsAt: at + 600_000 })
      .returning();
    await db.insert(judgments).values({
      campaignId,
      comparisonId: item?.id ?? 0,
      annotatorId: 41,
      assignmentId: assignment?.id,
      choice: "a",
      displayOrder: "ba",
      timeTakenMs: 1234,
      createdAt: at,
      updatedAt: at,
    });
    await db.insert(judgeAnswers).values({
      campaignId,
      comparisonId: item?.id ?? 0,
      judgeId: 42,
      displayOrder: "ab",
      choice: "b",
      probability: 0.1 + 0.2,
      raw: "B",
      via: "text",
      structured: false,
      latencyMs: 10,
      createdAt: at,
    });

    const [answer] = await db.select().from(judgeAnswers);
    expect(answer?.probability).toBe(0.1 + 0.2); // double precision: the same float as SQLite's REAL
    expect(answer?.structured).toBe(false);
    const [judgment] = await db.select().from(judgments);
    expect(judgment).toMatchObject({ choice: "a", kind: "regular", revision: 1, source: "platform", flags: "[]", createdAt: at, assignmentId: assignment?.id });
    const [full] = await db.select({ full: comparisons.full }).from(comparisons);
    expect(full?.full).toBe(true);

    // Raw SQL reads numbers as SQLite does: bigint columns, count(*) and sum over bigint (numeric).
    const totals = await db.execute<{ n: unknown; total: unknown; shown: unknown }>(
      sql`SELECT count(*) AS n, sum(time_taken_ms) AS total, max(created_at) AS shown FROM judgments`,
    );
    expect(totals.rows[0]).toEqual({ n: 1, total: 1234, shown: at });

    // Deleting the campaign cascades as on SQLite.
    await db.delete(campaigns).where(eq(campaigns.id, campaignId));
    const left = await db.execute<{ n: number }>(
      sql`SELECT (SELECT count(*) FROM judgments) + (SELECT count(*) FROM assignments) + (SELECT count(*) FROM comparisons) AS n`,
    );
    expect(left.rows[0]?.n).toBe(0);
  });

  it("gives each caller a database of its own (later ones are copies of the first, migrated one)", async () => {
    await db.insert(pgSchema.appMeta).values({ key: "only-here", value: "1" });
    const other = await openPglite();
    try {
      expect(await other.select().from(pgSchema.appMeta)).toEqual([]);
      const migrations = await other.execute<{ n: number }>(sql`SELECT count(*) AS n FROM drizzle.__drizzle_migrations`);
      expect(migrations.rows[0]?.n).toBe(1);
    } finally {
      await closePglite(other);
    }
  });

  it("answers the health check", async () => {
    await expect(pingPostgres(db)).resolves.toBeUndefined();
  });
});
