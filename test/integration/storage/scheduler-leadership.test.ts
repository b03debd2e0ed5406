import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { ADVISORY_LOCK_NAMESPACE, ADVISORY_LOCKS } from "../../../src/storage/postgres/advisory-locks.js";
import { PostgresLeadership } from "../../../src/storage/postgres/scheduler-leadership.js";
import { freshPostgres, TEST_POSTGRES_URL, type TestPostgres } from "../../helpers/postgres.js";
import { waitFor } from "../../helpers/wait-for.js";

const quiet = { info: () => {}, warn: () => {} };
/** Who holds the scheduler's advisory lock (ADVISORY_LOCKS.scheduler). */
const LEADER_LOCK = `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = ${ADVISORY_LOCK_NAMESPACE} AND objid = ${ADVISORY_LOCKS.scheduler}`;
let open: { stop(): Promise<void> }[] = [];
let database: TestPostgres | undefined;
afterEach(async () => {
  for (const o of open) await o.stop();
  open = [];
  await database?.close();
  database = undefined;
});

/** A replica of its own: a pool on the same database, and its leadership (checked by hand, no timer). */
function replica(url: string): { pool: pg.Pool; leadership: PostgresLeadership } {
  const pool = new pg.Pool({ connectionString: url, max: 3 });
  pool.on("error", () => {});
  const leadership = new PostgresLeadership(pool, quiet, 3_600_000);
  open.push({ stop: async () => (await leadership.stop(), await pool.end()) });
  return { pool, leadership };
}

// Two sessions are needed: PGlite has one connection, so this runs against a real server (CI starts one).
describe.skipIf(!TEST_POSTGRES_URL)("scheduler leadership among replicas on one PostgreSQL", () => {
  it("one replica leads; when its session dies the other takes over, and the old one knows it lost", async () => {
    database = await freshPostgres();
    const a = replica(database.url!);
    const b = replica(database.url!);
    expect(await a.leadership.check()).toBe(true);
    expect(await b.leadership.check()).toBe(false);
    expect(await a.leadership.check()).toBe(true);

    // The leader's connection is cut (its host died, a network partition): PostgreSQL ends the session.
    const { rows } = await b.pool.query<{ pid: number }>(LEADER_LOCK);
    expect(rows).toHaveLength(1);
    await b.pool.query("SELECT pg_terminate_backend($1)", [rows[0]!.pid]);
    // pg_terminate_backend only signals: the lock goes when that backend has exited.
    const held = async () => (await b.pool.query(LEADER_LOCK)).rows.length > 0;
    await waitFor(async () => !(await held()), "the cut session to let the lock go", 60_000);

    expect(await b.leadership.check()).toBe(true);
    expect(await a.leadership.check()).toBe(false);
    expect(a.leadership.isLeader()).toBe(false);
  });

  it("a leader that stops hands the lead over at once", async () => {
    database = await freshPostgres();
    const a = replica(database.url!);
    const b = replica(database.url!);
    expect(await a.leadership.check()).toBe(true);
    await a.leadership.stop();
    expect(await b.leadership.check()).toBe(true);
  });
});
