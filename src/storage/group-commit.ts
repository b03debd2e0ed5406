import { PairwiseError } from "../errors.js";
import { busyRetryDelay, isBusyError } from "./busy.js";
import { isSqlite, type Db, type SqliteDb } from "./database.js";
import { prepared } from "./prepared.js";
import { inTransaction, withConnectionTurn } from "./transaction.js";

/** Most pieces of work one commit carries, so no transaction holds the writer for long. */
export const MAX_GROUP = 256;

/**
 * How long a piece may wait for a database another process holds, counted from when it was
 * queued: the platforms allow 3 seconds for the whole answer, and the answer still has to travel.
 */
const GROUP_DEADLINE_MS = 2000;

interface Job {
  work: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  deadline: number;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** What a piece that waited out its deadline is told: nothing of it was saved. */
function busyTimeout(): PairwiseError {
  return new PairwiseError("BUSY", "The database is busy right now (another process is writing to it), so this was not saved. Please try again in a moment.");
}

/**
 * Group commit: the pieces of write work that arrive in the same turn of the event loop (many
 * people clicking at once) share one transaction, so one fsync makes all of them durable instead
 * of one fsync each. Each piece still runs in a savepoint of its own: one that throws is rolled
 * back alone and rejects alone, the others commit. Pieces run one after another, each with the
 * transaction's scope (storage/transaction.ts), so the repo calls and nested transactions of a
 * piece land in its savepoint.
 *
 * A piece's promise settles only after the commit that carries it, and says what became of it:
 * resolved means on disk (DESIGN.md §5), rejected means not saved. So:
 * - when another process holds the write lock, the group waits off the event loop (short busy
 *   timeout, then a timer) and tries again; a piece still waiting at its deadline is rejected with
 *   a "busy, try again" error, in time for the platform's 3 seconds;
 * - when SQLite rolls the whole transaction back mid-group (a full disk, an I/O error), every
 *   piece that had run is rejected (its writes are gone, whatever it returned), and the pieces
 *   that had not run yet are run in the next group instead of outside any transaction.
 */
export class GroupCommit implements SharedCommit {
  private queue: Job[] = [];
  private scheduled = false;
  private attempt = 0;

  constructor(private readonly db: SqliteDb) {}

  /** Runs `work` (database work only: no network) in the next group; resolves after the commit. */
  run<T>(work: () => Promise<T>, deadline = Date.now() + GROUP_DEADLINE_MS): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject, deadline });
      this.schedule(0);
    });
  }

  private schedule(delayMs: number): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const flush = () => {
      void withConnectionTurn(this.db, (runInScope) => this.flush(runInScope))
        // Not expected (flush settles every piece itself); if it happens, nothing waits forever.
        .catch((error: unknown) => {
          for (const job of this.queue.splice(0)) job.reject(error);
        })
        .finally(() => {
          this.scheduled = false;
          if (this.queue.length > 0) this.schedule(this.retryDelay);
        });
    };
    if (delayMs === 0) setImmediate(flush);
    else setTimeout(flush, delayMs);
  }

  /** 0, or how long to wait before the next attempt after another process held the write lock. */
  private retryDelay = 0;

  private async flush(runInScope: <R>(work: () => Promise<R>) => Promise<R>): Promise<void> {
    this.retryDelay = 0;
    const now = Date.now();
    for (const job of this.queue.filter((j) => j.deadline < now)) job.reject(busyTimeout());
    this.queue = this.queue.filter((j) => j.deadline >= now);
    if (this.queue.length === 0) return;

    const client = this.db.$client;
    try {
      prepared<[]>(this.db, "BEGIN IMMEDIATE").run();
    } catch (error) {
      if (!isBusyError(error)) {
        for (const job of this.queue.splice(0)) job.reject(error);
        return;
      }
      // Another process holds the write lock: wait off the loop and try again.
      this.retryDelay = busyRetryDelay(this.attempt++);
      return;
    }
    this.attempt = 0;

    const jobs = this.queue.splice(0, MAX_GROUP);
    const outcomes: Outcome[] = [];
    for (const job of jobs) {
      try {
        // A savepoint per piece: a throw undoes this piece only.
        outcomes.push({ ok: true, value: await runInScope(() => inTransaction(this.db, job.work)) });
      } catch (error) {
        outcomes.push({ ok: false, error });
      }
      if (!client.inTransaction) return this.lostTransaction(jobs, outcomes);
    }
    try {
      prepared<[]>(this.db, "COMMIT").run();
    } catch (error) {
      // The commit itself failed (disk full, I/O error): nothing of the group is saved.
      if (client.inTransaction) prepared<[]>(this.db, "ROLLBACK").run();
      for (const job of jobs) job.reject(error);
      return;
    }
    jobs.forEach((job, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.error);
    });
  }

  /**
   * SQLite rolled the whole transaction back while the last piece ran. Every piece that ran is
   * undone: each is rejected, with the error that undid them all. The rest go back to the queue.
   */
  private lostTransaction(jobs: Job[], outcomes: Outcome[]): void {
    const cause = [...outcomes].reverse().find((o): o is { ok: false; error: unknown } => !o.ok)?.error ?? new Error("the transaction was rolled back");
    jobs.slice(0, outcomes.length).forEach((job, i) => {
      const outcome = outcomes[i]!;
      job.reject(outcome.ok ? cause : outcome.error);
    });
    this.queue.unshift(...jobs.slice(outcomes.length));
  }
}

/** What the vote path asks of a shared commit: run this piece, resolve once it is committed. */
interface SharedCommit {
  run<T>(work: () => Promise<T>): Promise<T>;
}

const groups = new WeakMap<Db, SharedCommit>();

/**
 * The group commit of this database (one per connection). PostgreSQL: each piece runs as it is,
 * and the services it calls (castVote, the channel vote) commit their own durable transactions on
 * pooled connections, before the piece resolves. The server's own group commit (commit_delay, and
 * concurrent commits sharing a WAL flush) does there what this class does for SQLite's single
 * connection. A transaction around the piece would only turn theirs into savepoints (two more
 * round trips a vote) and hold their row locks while the card is drawn.
 */
export function groupCommit(db: Db): SharedCommit {
  let group = groups.get(db);
  if (!group) {
    group = isSqlite(db) ? new GroupCommit(db) : { run: (work) => work() };
    groups.set(db, group);
  }
  return group;
}
