import { PGlite } from "@electric-sql/pglite";
import { drizzle, type PgliteDatabase } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import * as schema from "../schema-pg/index.js";
import { PG_MIGRATIONS_FOLDER } from "./migrate.js";
import type { PgResult, PostgresDb } from "./handle.js";
import { NUMBER_PARSERS } from "./number-parsers.js";

type PgliteDb = PgliteDatabase<typeof schema> & { $client: PGlite };

/**
 * The data directory of a freshly migrated database, taken once per process: a new PGlite runs
 * initdb and the migrations in about 1.5 s, one loaded from this copy starts in about 0.35 s
 * (uncompressed, about 40 MB held in memory; a gzipped copy loads no faster than a fresh start).
 */
let migratedTemplate: Promise<Blob> | undefined;

/**
 * An in-memory PostgreSQL (PGlite: PostgreSQL compiled to WebAssembly, in this process) with the
 * migrations applied and numbers read as openPostgres reads them: the PostgreSQL dialect in tests
 * without a server. Each call gives a database of its own. One connection, so no advisory lock is
 * needed. For tests only (@electric-sql/pglite is a dev dependency).
 */
export async function openPglite(): Promise<PgliteDb> {
  const parsers = { ...NUMBER_PARSERS };
  if (migratedTemplate) {
    const client = new PGlite({ parsers, loadDataDir: await migratedTemplate });
    return drizzle({ client, schema });
  }
  const client = new PGlite({ parsers });
  const db = drizzle({ client, schema });
  const template = (async () => {
    await migrate(db, { migrationsFolder: PG_MIGRATIONS_FOLDER });
    return client.dumpDataDir("none");
  })();
  migratedTemplate = template;
  // A failed migration is not kept as the template: the next call tries again (and fails again, loudly).
  template.catch(() => {
    if (migratedTemplate === template) migratedTemplate = undefined;
  });
  await template;
  return db;
}

export async function closePglite(db: PgliteDb): Promise<void> {
  await db.$client.close();
}

/**
 * The repos' view of a PGlite database (tests): PGlite has one connection, so it is a pool of one.
 * A transaction holds that connection until it ends; every other query waits for it, in arrival
 * order, as it would for a pooled connection.
 */
export function pgliteDb(client: PGlite): PostgresDb {
  // One handle per instance: two would each think they own its one connection.
  let db = handles.get(client);
  if (!db) {
    db = makePgliteDb(client);
    handles.set(client, db);
  }
  return db;
}

const handles = new WeakMap<PGlite, PostgresDb>();

function makePgliteDb(client: PGlite): PostgresDb {
  let tail: Promise<void> = Promise.resolve();
  /** Resolves with a `release` once the connection is free. */
  const take = (): Promise<() => void> => {
    let release!: () => void;
    const freed = new Promise<void>((resolve) => {
      release = resolve;
    });
    const turn = tail.then(() => release);
    tail = tail.then(() => freed);
    return turn;
  };
  const run = async (text: string, params: readonly unknown[]): Promise<PgResult> => {
    // Several statements in one text (a transaction's BEGIN with its settings) take the simple protocol, as node-postgres does.
    if (params.length === 0 && text.includes(";")) {
      const last = (await client.exec(text)).at(-1);
      return { rows: last?.rows ?? [], changes: last?.affectedRows ?? 0 };
    }
    const result = await client.query(text, params as unknown[]);
    return { rows: result.rows, changes: result.affectedRows ?? 0 };
  };
  return {
    dialect: "postgres",
    oneSession: true,
    pool: {
      async query(text, params) {
        const release = await take();
        try {
          return await run(text, params);
        } finally {
          release();
        }
      },
      async connect() {
        const release = await take();
        return { query: run, release: () => release() };
      },
    },
  };
}
