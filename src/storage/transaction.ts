import { AsyncLocalStorage } from "node:async_hooks";
import type Database from "better-sqlite3";
import type { Db } from "./database.js";
import { prepared } from "./prepared.js";

/** What a caller asks of a transaction; what it takes to deliver it is this module's business. */
export interface TransactionOptions {
  /**
   * `true` (the default): the commit is fsynced before this returns, so what it wrote survives a
   * power cut. Everything a person is told was saved (a vote, a rationale) is written this way.
   *
   * `false`: the commit reaches the OS but is not fsynced; it becomes durable with the next
   * durable commit (the WAL is one file, synced in order) or checkpoint. It survives a crash or
   * SIGKILL of the bot; only a power cut or a kernel crash can lose it, and then it is lost whole
   * (WAL keeps the database consistent). Only for work whose loss costs nothing acknowledged:
   * handing out an item (a lost lease is an item that goes back to the pool, as when it expires).
   */
  durable?: boolean;
}

/**
 * One open transaction on one connection. The work of a transaction runs inside
 * `scopes.run(scope, …)`, so every repo call made by it, however deep and after however many
 * awaits, knows it belongs to the open transaction, while calls from everything else that runs
 * meanwhile (other people's clicks) wait for it to end.
 */
interface Scope {
  readonly client: Database.Database;
  /** False once the transaction has committed or rolled back: late work it started waits like anyone else. */
  open: boolean;
  /** Savepoints opened inside it so far, for unique names. */
  savepoints: number;
}

const scopes = new AsyncLocalStorage<Scope>();

type Waiter = { step: () => void } | { scope: Scope; start: () => void };

/**
 * Who may use a connection now. SQLite has one connection per process, and a transaction whose
 * work awaits leaves the event loop free for other callers while it is open; were their
 * statements run then, they would land inside it (committed with it, or lost when it rolls back).
 * So while a transaction is open, every other caller's step waits, in arrival order, and runs as
 * soon as it ends.
 */
class Turns {
  owner: Scope | undefined;
  private readonly queue: Waiter[] = [];

  /** Whether code running in `scope` may use the connection now. */
  mayRun(scope: Scope | undefined): boolean {
    return this.owner === undefined || (scope === this.owner && scope.open);
  }

  waitStep(step: () => void): void {
    this.queue.push({ step });
  }

  /** Resolves when `scope` owns the connection. */
  acquire(scope: Scope): Promise<void> | undefined {
    if (this.owner === undefined) {
      this.owner = scope;
      return undefined;
    }
    return new Promise((start) => this.queue.push({ scope, start }));
  }

  /**
   * Ends the owner's turn: the steps that waited run now, one after another, each synchronously,
   * then the next transaction in line owns the connection. Ownership passes here, synchronously,
   * so nothing can slip in between.
   */
  release(): void {
    this.owner = undefined;
    for (let next = this.queue.shift(); next; next = this.queue.shift()) {
      if ("step" in next) {
        next.step();
        continue;
      }
      this.owner = next.scope;
      next.start();
      return;
    }
  }
}

const turnsByClient = new WeakMap<Database.Database, Turns>();

function turnsOf(client: Database.Database): Turns {
  let turns = turnsByClient.get(client);
  if (!turns) {
    turns = new Turns();
    turnsByClient.set(client, turns);
  }
  return turns;
}

/**
 * Runs `step` (synchronous: a repo function's statements) on `db` as one step, and gives back its
 * result as a promise: at once when no transaction is open on the connection or when the caller
 * is part of the open one; otherwise as soon as that transaction ends, in arrival order.
 *
 * Every repo function runs its statements through this: it is what lets services `await` repos
 * (the seam a second, asynchronous database goes behind) without letting the single SQLite
 * connection mix one caller's statements into another caller's transaction. A step is never cut
 * in two: nothing else runs on the connection while it runs.
 */
export function onConnection<T>(db: Db, step: () => T): Promise<T> {
  const turns = turnsOf(db.$client);
  if (turns.mayRun(scopes.getStore())) {
    try {
      return Promise.resolve(step());
    } catch (error) {
      return Promise.reject(error);
    }
  }
  return new Promise<T>((resolve, reject) =>
    turns.waitStep(() => {
      try {
        resolve(step());
      } catch (error) {
        reject(error);
      }
    }),
  );
}

/** The transaction the caller is part of on `db`, if any. */
function openScope(db: Db): Scope | undefined {
  const scope = scopes.getStore();
  return scope?.open && scope.client === db.$client ? scope : undefined;
}

/**
 * Runs `fn` in one transaction on `db` and returns what it returns; the transaction commits when
 * `fn`'s promise resolves and rolls back when it rejects. When the returned promise resolves, the
 * transaction is committed and (unless `durable: false`) on disk. A call made by work that is
 * already part of a transaction on `db` runs in a savepoint of that transaction and takes its
 * durability: when it throws, only its own writes are undone (the caller may catch and go on).
 *
 * This is the one seam between the services and the database's transactions: services say what
 * they want (one unit of work, durable or not) and never how. A second database (PostgreSQL,
 * issue #20) implements this function and nothing above it changes; there `durable: false` would
 * be `SET LOCAL synchronous_commit = off`.
 *
 * SQLite: transactions take turns on the one connection (see {@link onConnection}); BEGIN
 * IMMEDIATE, so a writer never upgrades its lock mid-way and deadlocks; a non-durable transaction
 * commits with `synchronous = NORMAL`, then the connection goes back to FULL (storage/database.ts
 * sets FULL for everything else). `fn` must not wait on anything but the database (a network
 * call inside a transaction would hold every other caller back): do that before or after.
 */
export async function inTransaction<T>(db: Db, fn: () => Promise<T>, options?: TransactionOptions): Promise<T> {
  const outer = openScope(db);
  if (outer) return inSavepoint(db, outer, fn);
  const turns = turnsOf(db.$client);
  const scope: Scope = { client: db.$client, open: true, savepoints: 0 };
  await turns.acquire(scope);
  const durable = options?.durable !== false;
  try {
    if (!durable) prepared<[]>(db, "PRAGMA synchronous = NORMAL").run();
    try {
      prepared<[]>(db, "BEGIN IMMEDIATE").run();
      let result: T;
      try {
        result = await scopes.run(scope, fn);
      } catch (error) {
        if (db.$client.inTransaction) prepared<[]>(db, "ROLLBACK").run();
        throw error;
      }
      commitOrRollBack(db);
      return result;
    } finally {
      if (!durable) prepared<[]>(db, "PRAGMA synchronous = FULL").run();
    }
  } finally {
    scope.open = false;
    turns.release();
  }
}

/** COMMIT; when the commit itself fails (a full disk), the transaction is rolled back and the error thrown. */
function commitOrRollBack(db: Db): void {
  try {
    prepared<[]>(db, "COMMIT").run();
  } catch (error) {
    if (db.$client.inTransaction) prepared<[]>(db, "ROLLBACK").run();
    throw error;
  }
}

/**
 * Runs `fn` in a savepoint of the open transaction `scope`: when it throws, its writes are undone
 * and the transaction goes on. Savepoints of one transaction nest; they must not run side by side
 * (`Promise.all` of two of them), which SQLite's savepoint stack cannot express.
 */
async function inSavepoint<T>(db: Db, scope: Scope, fn: () => Promise<T>): Promise<T> {
  const name = `sp${++scope.savepoints}`;
  db.$client.exec(`SAVEPOINT ${name}`);
  try {
    const result = await fn();
    db.$client.exec(`RELEASE ${name}`);
    return result;
  } catch (error) {
    // SQLite may have rolled the whole transaction back already (an I/O error): then there is no savepoint left.
    if (db.$client.inTransaction) db.$client.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
    throw error;
  }
}

/**
 * For the group commit (storage/group-commit.ts): takes the connection's turn, runs `fn` with a
 * transaction scope open, and gives the turn back. `fn` issues BEGIN and COMMIT itself, so that it
 * can decide what a failure undoes; everything its work calls runs inside that scope.
 */
export async function withConnectionTurn<T>(db: Db, fn: (runInScope: <R>(work: () => Promise<R>) => Promise<R>) => Promise<T>): Promise<T> {
  const turns = turnsOf(db.$client);
  const scope: Scope = { client: db.$client, open: true, savepoints: 0 };
  await turns.acquire(scope);
  try {
    return await fn((work) => scopes.run(scope, work));
  } finally {
    scope.open = false;
    turns.release();
  }
}
