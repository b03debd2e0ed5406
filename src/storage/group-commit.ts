import type { Db } from "./database.js";

/** Most pieces of work one commit carries, so no transaction holds the writer for long. */
export const MAX_GROUP = 256;

interface Job {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: the pieces of write work that arrive in the same turn of the event loop (many
 * people clicking at once) share one transaction, so one fsync makes all of them durable instead
 * of one fsync each. Each piece still runs in a savepoint of its own: one that throws is rolled
 * back alone and rejects alone, the others commit.
 *
 * A piece's promise settles only after the commit that carries it, so whatever is acknowledged
 * on it is on disk (DESIGN.md §5). Alone, a piece waits one `setImmediate` (microseconds).
 */
export class GroupCommit {
  private queue: Job[] = [];

  constructor(private readonly db: Db) {}

  /** Runs `work` (synchronous, and its writes only) in the next group; resolves after the commit. */
  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (this.queue.length === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const jobs = this.queue.splice(0, MAX_GROUP);
    if (this.queue.length > 0) setImmediate(() => this.flush());
    const client = this.db.$client;
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      client
        .transaction(() => {
          for (const job of jobs) {
            try {
              // A nested better-sqlite3 transaction is a savepoint: a throw undoes this job only.
              outcomes.push({ ok: true, value: client.transaction(job.work)() });
            } catch (error) {
              outcomes.push({ ok: false, error });
            }
          }
        })
        .immediate();
    } catch (error) {
      // The commit itself failed (disk full, I/O error): nothing of the group is saved.
      for (const job of jobs) job.reject(error);
      return;
    }
    jobs.forEach((job, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.error);
    });
  }
}

const groups = new WeakMap<Db, GroupCommit>();

/** The group commit of this database (one per connection). */
export function groupCommit(db: Db): GroupCommit {
  let group = groups.get(db);
  if (!group) {
    group = new GroupCommit(db);
    groups.set(db, group);
  }
  return group;
}
