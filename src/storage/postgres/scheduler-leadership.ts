import type pg from "pg";
import { ADVISORY_LOCK_NAMESPACE, ADVISORY_LOCKS } from "./advisory-locks.js";

/** What leadership tells the operator about: taking over and losing the lead. */
interface LeadershipLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

/** How often a follower tries to take the lead, and the leader checks its session is alive (default 5 s). */
const CHECK_EVERY_MS = 5000;

/**
 * Scheduler leadership among replicas sharing one PostgreSQL: the leader holds a session advisory
 * lock on a connection of its own, taken from the pool and kept. PostgreSQL releases the lock when
 * that session ends (the replica died, was stopped, or lost its connection), and the next follower
 * to try takes it: a takeover within one check interval. A leader that finds its own connection
 * dead stops leading at once. It fits the scheduler's `Leadership` (scheduler/leadership.ts).
 */
export class PostgresLeadership {
  private held: pg.PoolClient | undefined;
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<boolean> | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly log: LeadershipLog,
    private readonly checkEveryMs = CHECK_EVERY_MS,
  ) {}

  isLeader(): boolean {
    return this.held !== undefined;
  }

  /** Tries once now, then every interval. */
  async start(): Promise<void> {
    await this.check();
    this.timer = setInterval(() => void this.check(), this.checkEveryMs);
    this.timer.unref();
  }

  /**
   * One round: the leader checks that its session still answers; a follower tries to take the
   * lock. Returns whether this process leads afterwards. A database that cannot be reached leaves
   * a follower a follower; it tries again next round.
   */
  check(): Promise<boolean> {
    this.checking ??= this.round().finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async round(): Promise<boolean> {
    if (this.held) {
      try {
        await this.held.query("SELECT 1");
      } catch (error) {
        this.lose(error);
      }
      return this.isLeader();
    }
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch {
      return false;
    }
    try {
      const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1, $2) AS locked", [
        ADVISORY_LOCK_NAMESPACE,
        ADVISORY_LOCKS.scheduler,
      ]);
      if (rows[0]?.locked !== true) {
        client.release();
        return false;
      }
    } catch (error) {
      client.release(error instanceof Error ? error : true);
      return false;
    }
    this.held = client;
    // A dropped connection ends the session, and the lock with it: stop leading now, not at the next round.
    client.on("error", (error) => this.lose(error));
    this.log.info({}, "this replica now runs the scheduled jobs");
    return true;
  }

  /** The session that held the lock is gone: PostgreSQL has released it; the connection is not pooled again. */
  private lose(error: unknown): void {
    const client = this.held;
    if (!client) return;
    this.held = undefined;
    client.release(error instanceof Error ? error : true);
    this.log.warn({ err: error }, "this replica lost the scheduler lead (its database connection ended); another replica takes over");
  }

  /** Stops trying, and hands the lead over at once if this process holds it. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.checking;
    const client = this.held;
    if (!client) return;
    this.held = undefined;
    try {
      await client.query("SELECT pg_advisory_unlock($1, $2)", [ADVISORY_LOCK_NAMESPACE, ADVISORY_LOCKS.scheduler]);
      client.release();
    } catch (error) {
      client.release(error instanceof Error ? error : true);
    }
  }
}
