import { AsyncLocalStorage } from "node:async_hooks";
import { isSqlite, type Db, type SqliteDb } from "./database.js";
import { isStalePlan, type PgConnection, type PgQueryable, type PostgresDb } from "./postgres/handle.js";
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
 * One turn on one connection: an open transaction, or (SQLite) one repo step that awaits its
 * statements. The work runs inside `scopes.run(scope, …)`, so every repo call made by it, however
 * deep and after however many awaits, knows it belongs to the open turn, while calls from
 * everything else that runs meanwhile (other people's clicks) wait for it to end (SQLite) or run
 * on another pooled connection (PostgreSQL).
 */
interface Scope {
  /** Which database: the SQLite connection, or the PostgreSQL pool. */
  readonly key: object;
  /** PostgreSQL: the pooled connection the transaction runs on. */
  readonly connection: PgConnection | undefined;
  /** False for a repo step's turn on SQLite: no BEGIN was issued for it. */
  readonly transaction: boolean;
  /** False once the transaction has committed or rolled back: late work it started waits like anyone else. */
  open: boolean;
  /** Savepoints opened inside it so far, for unique names. */
  savepoints: number;
  /** Work waiting for the transaction to end ({@link afterCommit}), told whether it committed. */
  ended?: ((committed: boolean) => void)[];
}

/** Closes `scope` and starts the work that waited for it to end. */
function endScope(scope: Scope, committed: boolean): void {
  scope.open = false;
  const ended = scope.ended;
  scope.ended = undefined;
  for (const start of ended ?? []) start(committed);
}

/**
 * Runs `work` once the caller's transaction has committed, outside any transaction scope (its
 * statements take a connection of their own, and see what the transaction wrote); called outside
 * a transaction, on the next turn of the event loop. When the transaction rolls back, `work` is
 * not run (what it followed up was undone) and the promise resolves at once.
 *
 * For follow-up work started from inside a transaction (a bake-off round after a vote, a post
 * edited in the background): a timer or promise started there inherits the transaction's scope,
 * so it would run inside the transaction while it is open, or, on PostgreSQL, on another pooled
 * connection while its COMMIT is still in flight, and read the state from before it.
 */
export function afterCommit(work: () => Promise<unknown>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const start = (committed: boolean) => {
      if (!committed) return resolve();
      scopes.exit(() =>
        setImmediate(() => {
          work().then(() => resolve(), reject);
        }),
      );
    };
    const scope = scopes.getStore();
    if (scope?.open && scope.transaction) (scope.ended ??= []).push(start);
    else start(true);
  });
}

const scopes = new AsyncLocalStorage<Scope>();

/** A caller waiting for the connection; `start` returns true while the turn stays taken (released later). */
interface Waiter {
  scope: Scope;
  start: () => boolean;
}

/**
 * Who may use a connection now. SQLite has one connection per process, and a transaction whose
 * work awaits leaves the event loop free for other callers while it is open; were their
 * statements run then, they would land inside it (committed with it, or lost when it rolls back).
 * So while a transaction (or a repo step that awaits) is running, every other caller waits, in
 * arrival order, and runs as soon as it ends.
 */
class Turns {
  owner: Scope | undefined;
  private readonly queue: Waiter[] = [];

  /** Whether code running in `scope` is the current owner's work. */
  isOwner(scope: Scope | undefined): boolean {
    return scope !== undefined && scope === this.owner && scope.open;
  }

  wait(waiter: Waiter): void {
    this.queue.push(waiter);
  }

  /** Resolves when `scope` owns the connection. */
  acquire(scope: Scope): Promise<void> | undefined {
    if (this.owner === undefined) {
      this.owner = scope;
      return undefined;
    }
    return new Promise((resolve) =>
      this.queue.push({
        scope,
        start: () => {
          resolve();
          return true;
        },
      }),
    );
  }

  /**
   * Ends the owner's turn: the waiters run now, in order; a synchronous step runs to its end at
   * once, and the first that keeps the turn (a transaction, a step that awaits) owns the
   * connection. Ownership passes here, synchronously, so nothing can slip in between.
   */
  release(): void {
    this.owner = undefined;
    for (let next = this.queue.shift(); next; next = this.queue.shift()) {
      this.owner = next.scope;
      if (next.start()) return;
      this.owner = undefined;
    }
  }
}

const turnsByClient = new WeakMap<object, Turns>();

function turnsOf(client: object): Turns {
  let turns = turnsByClient.get(client);
  if (!turns) {
    turns = new Turns();
    turnsByClient.set(client, turns);
  }
  return turns;
}

function isThenable<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}

/**
 * Runs `step` as the owner of `turns` in `scope`, settling through `resolve`/`reject`. Returns
 * true when the step is still running (it awaits): it gives the turn back when it settles.
 */
function runStep<T>(turns: Turns, scope: Scope, step: () => T | Promise<T>, resolve: (value: T) => void, reject: (error: unknown) => void): boolean {
  let result: T | Promise<T>;
  try {
    result = scopes.run(scope, step);
  } catch (error) {
    scope.open = false;
    reject(error);
    return false;
  }
  if (!isThenable(result)) {
    scope.open = false;
    resolve(result);
    return false;
  }
  result.then(
    (value) => {
      scope.open = false;
      turns.release();
      resolve(value);
    },
    (error: unknown) => {
      scope.open = false;
      turns.release();
      reject(error);
    },
  );
  return true;
}

/**
 * Runs `step` (a repo function's statements: synchronous, or async awaiting only statements of
 * storage/statement.ts) on `db` as one step, and gives back its result as a promise.
 *
 * SQLite: at once when the connection is free or when the caller is part of the open transaction;
 * otherwise as soon as that transaction ends, in arrival order. A step that awaits holds the
 * connection's turn until it settles, as a transaction does, so nothing else runs on the
 * connection meanwhile: a repo function stays atomic. PostgreSQL: it just runs; its statements go
 * to the caller's transaction or to the pool.
 *
 * Every repo function runs its statements through this: it is what lets services `await` repos
 * without letting the single SQLite connection mix one caller's statements into another caller's
 * transaction.
 */
export function onConnection<T>(db: Db, step: () => T | Promise<T>): Promise<T> {
  if (!isSqlite(db)) {
    try {
      return Promise.resolve(step());
    } catch (error) {
      return Promise.reject(error);
    }
  }
  const turns = turnsOf(db.$client);
  if (turns.isOwner(scopes.getStore())) {
    try {
      return Promise.resolve(step());
    } catch (error) {
      return Promise.reject(error);
    }
  }
  const scope: Scope = { key: db.$client, connection: undefined, transaction: false, open: true, savepoints: 0 };
  if (turns.owner !== undefined) {
    return new Promise<T>((resolve, reject) => turns.wait({ scope, start: () => runStep(turns, scope, step, resolve, reject) }));
  }
  // The connection is free: take the turn now, for as long as the step runs.
  turns.owner = scope;
  let result: T | Promise<T>;
  try {
    result = scopes.run(scope, step);
  } catch (error) {
    scope.open = false;
    turns.release();
    return Promise.reject(error);
  }
  if (!isThenable(result)) {
    scope.open = false;
    turns.release();
    return Promise.resolve(result);
  }
  const pending = result;
  return new Promise<T>((resolve, reject) =>
    pending.then(
      (value) => {
        scope.open = false;
        turns.release();
        resolve(value);
      },
      (error: unknown) => {
        scope.open = false;
        turns.release();
        reject(error);
      },
    ),
  );
}

/** The transaction the caller is part of on `db`, if any. */
function openScope(db: Db): Scope | undefined {
  const scope = scopes.getStore();
  return scope?.open && scope.key === keyOf(db) ? scope : undefined;
}

function keyOf(db: Db): object {
  return isSqlite(db) ? db.$client : db.pool;
}

/**
 * Where a PostgreSQL statement runs: on the connection of the caller's open transaction on `db`,
 * else on the pool (storage/statement.ts).
 */
export function pgRunner(db: PostgresDb): PgQueryable {
  return openScope(db)?.connection ?? db.pool;
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
  if (!isSqlite(db)) return inPostgresTransaction(db, fn, options);
  const outer = openScope(db);
  if (outer?.transaction) return inSavepoint(db, outer, fn);
  const turns = turnsOf(db.$client);
  const scope: Scope = { key: db.$client, connection: undefined, transaction: true, open: true, savepoints: 0 };
  // A repo step that opens a transaction already holds the turn.
  const ownTurn = outer === undefined;
  if (ownTurn) await turns.acquire(scope);
  const durable = options?.durable !== false;
  let committed = false;
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
      committed = true;
      return result;
    } finally {
      if (!durable) prepared<[]>(db, "PRAGMA synchronous = FULL").run();
    }
  } finally {
    scope.open = false;
    if (ownTurn) turns.release();
    endScope(scope, committed);
  }
}

/** COMMIT; when the commit itself fails (a full disk), the transaction is rolled back and the error thrown. */
function commitOrRollBack(db: SqliteDb): void {
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
 * (`Promise.all` of two of them), which neither database's savepoint stack can express.
 */
async function inSavepoint<T>(db: SqliteDb, scope: Scope, fn: () => Promise<T>): Promise<T> {
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

/** How often a PostgreSQL transaction that lost a deadlock or a serialization conflict is run again. */
const PG_RETRIES = 3;

/** How often a transaction refused for a stale prepared statement is run again, on another connection each time: more than a pool holds. */
const STALE_RETRIES = 50;

/** deadlock_detected, serialization_failure: the server undid the transaction, and running it again is the cure. */
function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "40P01" || code === "40001" || isStalePlan(error);
}

/**
 * PostgreSQL: a pooled connection of its own for the transaction, BEGIN, `fn` in the scope (its
 * statements run on that connection, storage/statement.ts), COMMIT or ROLLBACK, and the connection
 * back to the pool. Other callers meanwhile use other connections; the database's row locks keep
 * them apart. `durable: false` is `SET LOCAL synchronous_commit = off`: the commit returns before
 * the WAL is flushed, with the same promise as SQLite's (a crash of the server can lose the last
 * such commits whole, never half of one). A transaction the server undid for a deadlock or a
 * serialization conflict is run again, up to {@link PG_RETRIES} times (`fn` awaits the database
 * only, so running it again is safe).
 */
async function inPostgresTransaction<T>(db: PostgresDb, fn: () => Promise<T>, options?: TransactionOptions): Promise<T> {
  const outer = openScope(db);
  if (outer?.connection) return inPostgresSavepoint(outer, outer.connection, fn);
  for (let attempt = 0; ; attempt++) {
    const connection = await db.pool.connect();
    const scope: Scope = { key: db.pool, connection, transaction: true, open: true, savepoints: 0 };
    let broken: Error | undefined;
    let committed = false;
    try {
      // One round trip either way: two statements in one simple query run in order, inside the transaction.
      await connection.query(options?.durable === false ? "BEGIN; SET LOCAL synchronous_commit = off" : "BEGIN", []);
      let result: T;
      try {
        result = await scopes.run(scope, fn);
      } catch (error) {
        scope.open = false;
        await connection.query("ROLLBACK", []).catch((rollbackError: unknown) => {
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        });
        // Its prepared statements went stale: closed, not pooled again, so the retry prepares afresh.
        if (isStalePlan(error)) broken ??= error as Error;
        if (isRetryable(error) && attempt < (isStalePlan(error) ? STALE_RETRIES : PG_RETRIES)) continue;
        throw error;
      }
      scope.open = false;
      try {
        await connection.query("COMMIT", []);
      } catch (error) {
        // A failed COMMIT leaves the transaction rolled back, or the connection gone: either way not pooled again.
        broken = error instanceof Error ? error : new Error(String(error));
        if (isRetryable(error) && attempt < PG_RETRIES) continue;
        throw error;
      }
      committed = true;
      return result;
    } finally {
      connection.release(broken);
      endScope(scope, committed);
    }
  }
}

/** PostgreSQL's savepoint: as {@link inSavepoint}, on the transaction's connection. */
async function inPostgresSavepoint<T>(scope: Scope, connection: PgConnection, fn: () => Promise<T>): Promise<T> {
  const name = `sp${++scope.savepoints}`;
  await connection.query(`SAVEPOINT ${name}`, []);
  try {
    const result = await fn();
    await connection.query(`RELEASE SAVEPOINT ${name}`, []);
    return result;
  } catch (error) {
    await connection.query(`ROLLBACK TO SAVEPOINT ${name}`, []);
    await connection.query(`RELEASE SAVEPOINT ${name}`, []);
    throw error;
  }
}

/**
 * For the group commit (storage/group-commit.ts), SQLite only: takes the connection's turn, runs
 * `fn` with a transaction scope open, and gives the turn back. `fn` issues BEGIN and COMMIT
 * itself, so that it can decide what a failure undoes; everything its work calls runs inside that
 * scope.
 */
export async function withConnectionTurn<T>(db: SqliteDb, fn: (runInScope: <R>(work: () => Promise<R>) => Promise<R>) => Promise<T>): Promise<T> {
  const turns = turnsOf(db.$client);
  const scope: Scope = { key: db.$client, connection: undefined, transaction: true, open: true, savepoints: 0 };
  await turns.acquire(scope);
  try {
    return await fn((work) => scopes.run(scope, work));
  } finally {
    scope.open = false;
    turns.release();
    // The group's pieces settle on their own (a piece rolled back in its savepoint is rejected); its follow-ups run now.
    endScope(scope, true);
  }
}
