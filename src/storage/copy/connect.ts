import pg from "pg";
import { PairwiseError } from "../../errors.js";
import { ADVISORY_LOCK_NAMESPACE, ADVISORY_LOCKS } from "../postgres/advisory-locks.js";
import { closePostgres, openPostgres } from "../postgres/database.js";
import type { PgQueryable, PgTarget } from "./target.js";

/**
 * The session advisory lock a copy holds on its target, so that two copies never write into one
 * database at once (postgres/advisory-locks.ts lists them all).
 */
const LOCK_NAMESPACE = ADVISORY_LOCK_NAMESPACE;
const COPY_LOCK = ADVISORY_LOCKS.copy;

/** A postgres:// URL as it may be shown: the password replaced by ***. */
function maskUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(not a URL)";
  }
}

/** A transaction on one pooled connection of node-postgres, in the shape PGlite's `transaction` has. */
function poolTarget(pool: pg.Pool): PgTarget {
  return {
    query: (text, params) => pool.query(text, params),
    async transaction(fn) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query("BEGIN");
        const tx: PgQueryable = { query: (text, params) => client.query(text, params) };
        const result = await fn(tx);
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch((rollback: unknown) => {
          broken = rollback instanceof Error ? rollback : new Error(String(rollback));
        });
        throw error;
      } finally {
        client.release(broken);
      }
    },
  };
}

/**
 * The connection to a target given to the copy: node-postgres's pool is wrapped, a client that
 * already has `query` and `transaction` (PGlite, in the tests) is taken as it is.
 */
export function asCopyTarget(client: pg.Pool | PgTarget): PgTarget {
  return client instanceof pg.Pool ? poolTarget(client) : client;
}

/** What went wrong reaching the server, said so that a person knows what to change. */
function connectFailure(error: unknown, shown: string): PairwiseError {
  const { code, message } = error as { code?: string; message?: string };
  const fix: Record<string, string> = {
    ECONNREFUSED: `Nothing accepts connections at ${shown}: start PostgreSQL there, or correct the host and port in --to.`,
    ENOTFOUND: `The host in ${shown} is not known: correct the host name in --to.`,
    EAI_AGAIN: `The host in ${shown} could not be looked up: check the host name in --to and this machine's DNS.`,
    ETIMEDOUT: `PostgreSQL at ${shown} did not answer in time: check the host and port in --to and any firewall between.`,
    "28P01": `PostgreSQL at ${shown} refused the password: correct the user or password in --to.`,
    "28000": `PostgreSQL at ${shown} does not let this user in from here (pg_hba.conf): allow it there, or use another user in --to.`,
    "3D000": `The database named in ${shown} does not exist: create it (createdb <name>), then run the copy again.`,
    "42501": `The user in ${shown} may not use that database: grant it CONNECT and CREATE there, or use the database's owner.`,
  };
  const timedOut = /timeout/i.test(message ?? "");
  const text =
    (code && fix[code]) ??
    (timedOut
      ? fix.ETIMEDOUT!
      : `Could not connect to PostgreSQL at ${shown}: ${message ?? String(error)}. Check --to and that the server accepts connections.`);
  return new PairwiseError("CONFIG", text, { cause: error });
}

/**
 * Opens the PostgreSQL database a copy goes to: checks the URL, connects once to tell an
 * unreachable server, a refused password and a missing database apart, takes the copy's lock (a
 * second copy into the same database is refused while this one runs), then opens it as the bot
 * does (openPostgres), which applies the migrations the database lacks. Messages name the server
 * with the password masked.
 */
export async function openCopyTarget(url: string): Promise<{ target: PgTarget; shown: string; close(): Promise<void> }> {
  const shown = maskUrl(url);
  if (!/^postgres(ql)?:\/\/[^/]/.test(url) || shown === "(not a URL)")
    throw new PairwiseError(
      "VALIDATION",
      `--to takes a PostgreSQL URL such as postgres://user:password@host:5432/pairwise; got ${shown === "(not a URL)" ? "something else" : shown}.`,
    );
  // The first connection tells the failures apart, then holds the copy's lock until `close`.
  const holder = new pg.Client({ connectionString: url, connectionTimeoutMillis: 15_000, application_name: "pairwise db copy" });
  try {
    await holder.connect();
  } catch (error) {
    await holder.end().catch(() => {});
    throw connectFailure(error, shown);
  }
  // An idle connection the server drops would otherwise crash the process; the copy's own queries notice.
  holder.on("error", () => {});
  const locked = await holder
    .query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1, $2) AS locked", [LOCK_NAMESPACE, COPY_LOCK])
    .then((r) => r.rows[0]?.locked === true)
    .catch(async (error: unknown) => {
      await holder.end().catch(() => {});
      throw connectFailure(error, shown);
    });
  if (!locked) {
    await holder.end().catch(() => {});
    throw new PairwiseError(
      "CONFLICT",
      `Another pairwise db copy is writing into ${shown} right now. Let it finish (or stop it), then run this one again: it resumes where that one stopped.`,
    );
  }
  let db: Awaited<ReturnType<typeof openPostgres>>;
  try {
    db = await openPostgres(url, { poolSize: 2, applicationName: "pairwise db copy" });
  } catch (error) {
    await holder.end().catch(() => {});
    // openPostgres names the server without its password; the cause is most often a role that may not create tables.
    const said = (error as Error).message;
    throw new PairwiseError(
      "CONFIG",
      `${said.charAt(0).toUpperCase()}${said.slice(1)}. The user in --to must be able to create tables in that database (its owner can).`,
      {
        cause: error,
      },
    );
  }
  return {
    target: poolTarget(db.$client),
    shown,
    async close() {
      await closePostgres(db);
      // Ending the session releases the advisory lock.
      await holder.end().catch(() => {});
    },
  };
}
