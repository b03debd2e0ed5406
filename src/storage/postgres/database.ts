import { sql } from "drizzle-orm";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import pg from "pg";
import { PairwiseError } from "../../errors.js";
import Cursor from "pg-cursor";
import * as schema from "../schema-pg/index.js";
import { isStalePlan, type PgResult, type PostgresDb } from "./handle.js";
import { migratePostgres } from "./migrate.js";
import { NUMBER_PARSERS } from "./number-parsers.js";

type PostgresDrizzle = NodePgDatabase<typeof schema> & { $client: pg.Pool };

/** How a PostgreSQL database is opened; every field has a default fit for one bot process. */
interface PostgresOptions {
  /** Connections the pool may hold open (default 10). Each replica has its own pool. */
  poolSize?: number;
  /** Shown in pg_stat_activity, so an operator can tell Pairwise's connections apart (default `pairwise`). */
  applicationName?: string;
  /** Apply pending migrations before returning (default true). */
  migrate?: boolean;
  /** Told about a pooled connection that failed while idle (the server restarted); the next query opens a new one. */
  onIdleError?: (error: Error) => void;
}

/**
 * Opens a pool on the PostgreSQL database at `url` (`postgres://user:password@host:5432/name`),
 * checks that it answers, and applies the pending migrations under an advisory lock (see
 * migratePostgres). Fails with a message naming the server (never the password) when the database
 * cannot be reached or migrated; the pool is closed again then.
 */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<PostgresDrizzle> {
  installNumberParsers();
  const where = describeUrl(url);
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, application_name: options.applicationName ?? "pairwise" });
  // Without a listener, an idle connection dropped by the server would crash the process.
  pool.on("error", (error) => options.onIdleError?.(error));
  try {
    await pool.query("SELECT 1");
  } catch (error) {
    await pool.end().catch(() => {});
    throw new Error(`could not connect to PostgreSQL at ${where}: ${messageOf(error)}. Check DATABASE_URL and that the server accepts connections.`);
  }
  if (options.migrate ?? true) {
    try {
      await migratePostgres(pool);
    } catch (error) {
      await pool.end().catch(() => {});
      throw new Error(`could not migrate the PostgreSQL database at ${where}: ${messageOf(error)}`);
    }
  }
  return drizzle({ client: pool, schema });
}

/** Closes the pool, waiting for the queries under way. */
export async function closePostgres(db: PostgresDrizzle): Promise<void> {
  await db.$client.end();
}

/** Throws unless the database answers a query (the health check). Takes a PGlite database too. */
export async function pingPostgres(db: PgDatabase<PgQueryResultHKT, typeof schema>): Promise<void> {
  await db.execute(sql`SELECT 1`);
}

/**
 * node-postgres keeps its type parsers in one registry per process, and drizzle's queries read
 * that registry (they pass their own parsers for dates and fall back to it for the rest), so the
 * number parsers are installed there. Setting them again is harmless.
 */
function installNumberParsers(): void {
  for (const [oid, parse] of Object.entries(NUMBER_PARSERS)) pg.types.setTypeParser(Number(oid), parse);
}

/** The URL without its password, for messages and logs. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = "";
    return parsed.toString();
  } catch {
    return "(a DATABASE_URL that is not a URL)";
  }
}

/**
 * What went wrong, in one line: the server's own words. drizzle wraps a failed query in an error
 * whose message is the whole statement (a migration is pages long) and whose cause is the
 * server's answer, so the cause is given with the statement's start; a refused connection is an
 * AggregateError of one attempt per address.
 */
function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return error.errors.map(messageOf).join("; ");
  if (!(error instanceof Error)) return String(error);
  if (error.cause instanceof Error && error.message.startsWith("Failed query:")) {
    const statement = error.message.slice("Failed query:".length).trim().split("\n")[0] ?? "";
    return `${messageOf(error.cause)} (in: ${statement.length > 80 ? `${statement.slice(0, 80)}…` : statement})`;
  }
  return error.message || error.constructor.name;
}

/**
 * The repos' view of a pool opened by {@link openPostgres}: the `Db` the services pass around on
 * PostgreSQL (storage/database.ts). Statements run through storage/statement.ts; transactions take
 * a connection of their own (storage/transaction.ts).
 */
export function postgresDb(pool: pg.Pool): PostgresDb {
  // One handle per pool: a transaction is recognised by its handle's pool (storage/transaction.ts).
  let db = handles.get(pool);
  if (!db) {
    db = makePostgresDb(pool);
    handles.set(pool, db);
  }
  return db;
}

const handles = new WeakMap<pg.Pool, PostgresDb>();

/** Connections with a stale prepared statement closed in turn before giving up: more than a pool holds. */
const STALE_RETRIES = 50;

function makePostgresDb(pool: pg.Pool): PostgresDb {
  const answer = (result: pg.QueryResult): PgResult => ({ rows: result.rows, changes: result.rowCount ?? 0 });
  return {
    dialect: "postgres",
    pool: {
      async query(text, params, name) {
        if (!name) return answer(await unreachable(pool.query(text, params as unknown[])));
        // A named statement runs on a connection taken here, so one whose prepared copy went
        // stale (isStalePlan) is closed rather than pooled again, and the statement run again on
        // another (it was refused before it ran, so running it again is safe) until one is fresh.
        for (let attempt = 0; ; attempt++) {
          const client = await unreachable(pool.connect());
          let broken: Error | undefined;
          try {
            return answer(await unreachable(client.query({ name, text, values: params as unknown[] })));
          } catch (error) {
            if (isStalePlan(error)) broken = error as Error;
            if (broken && attempt < STALE_RETRIES) continue;
            throw error;
          } finally {
            client.release(broken);
          }
        }
      },
      async connect() {
        const client = await unreachable(pool.connect());
        const listeners: ((error: Error) => void)[] = [];
        return {
          query: async (text, params, name) =>
            answer(await unreachable(client.query(name ? { name, text, values: params as unknown[] } : { text, values: params as unknown[] }))),
          release: (error) => {
            // The client goes back to the pool: its next holder is not told about its failures.
            for (const listener of listeners) client.off("error", listener);
            client.release(error);
          },
          cursor: (text, params) => client.query(new Cursor(text, params as unknown[])),
          onError: (listener) => {
            listeners.push(listener);
            client.on("error", listener);
          },
        };
      },
    },
  };
}

/** Node's socket errors and PostgreSQL's connection SQLSTATEs (class 08, and 57P01-57P03: the server shutting down or starting). */
const LOST_SERVER = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|EPIPE|08\w{3}|57P0[123])$/;

/**
 * A server that cannot be reached, or went away mid-request, is not a bug: the person is told that
 * nothing was saved and to try again, and the operator finds the cause logged with it. Only this
 * pool's errors are read so, so a refused connection elsewhere (the AI judge, a webhook) is not
 * mistaken for the database.
 */
async function unreachable<T>(pending: Promise<T>): Promise<T> {
  try {
    return await pending;
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    const lost = (typeof code === "string" && LOST_SERVER.test(code)) || (error instanceof Error && /^Connection terminated/.test(error.message));
    if (!lost) throw error;
    throw new PairwiseError(
      "STORAGE",
      "The database server cannot be reached right now, so nothing was saved. Try again in a moment; if it lasts, an operator must check PostgreSQL (DATABASE_URL).",
      { cause: error },
    );
  }
}
