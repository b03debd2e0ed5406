import type { Statement as SqliteStatement } from "better-sqlite3";
import { isSqlite, type Db } from "./database.js";
import type { PostgresDb } from "./postgres/handle.js";
import { prepared } from "./prepared.js";
import { pgRunner } from "./transaction.js";

/**
 * One SQL statement that runs on either database. Give the parameters and the row shape as type
 * arguments (`statement<[campaignId: number], { id: number }>(db, "SELECT id FROM t WHERE c = ?")`);
 * the row type is a promise the SQL keeps, so keep both next to each other, inside a repo.
 *
 * Parameters are positional `?`, or named `@name` with one object argument. The SQL must mean the
 * same on both databases: nothing in it is rewritten but the placeholders (see docs/architecture.md,
 * "Storage", for the portable forms: `"full"` quoted, TRUE/FALSE for booleans, NULLs placed
 * explicitly where order matters, CAST for a parameter whose type PostgreSQL cannot infer).
 */
export interface Statement<Params extends unknown[] = [], Row = unknown> {
  /** The first row, or undefined. */
  get(...params: Params): Promise<Row | undefined>;
  all(...params: Params): Promise<Row[]>;
  /** Runs a write; resolves to how many rows it changed. For a new row's id, use RETURNING with `get`. */
  run(...params: Params): Promise<number>;
}

/**
 * The statement for `sql` on `db`. SQLite: the prepared statement, compiled once per database
 * (storage/prepared.ts) and run synchronously when called; call it inside `onConnection`
 * (storage/transaction.ts) like any SQLite work. PostgreSQL: the text translated once, run on the
 * caller's transaction's connection when it is inside `inTransaction` on `db`, else on the pool.
 */
export function statement<Params extends unknown[] = [], Row = unknown>(db: Db, sql: string): Statement<Params, Row> {
  if (isSqlite(db)) return sqliteStatement(prepared<Params, Row>(db, sql));
  return postgresStatement(db, sql);
}

/** The wrappers of SQLite's prepared statements, one per prepared statement: the vote path allocates none per call. */
const sqliteWrappers = new WeakMap<object, Statement<never, unknown>>();

function sqliteStatement<Params extends unknown[], Row>(prepared: SqliteStatement<Params, Row>): Statement<Params, Row> {
  const known = sqliteWrappers.get(prepared);
  if (known) return known as unknown as Statement<Params, Row>;
  // No closure per call: the vote path runs some twenty of these per click.
  const wrapper: Statement<Params, Row> = {
    get(...params) {
      try {
        return Promise.resolve(prepared.get(...params));
      } catch (error) {
        return Promise.reject(error);
      }
    },
    all(...params) {
      try {
        return Promise.resolve(prepared.all(...params));
      } catch (error) {
        return Promise.reject(error);
      }
    },
    run(...params) {
      try {
        return Promise.resolve(prepared.run(...params).changes);
      } catch (error) {
        return Promise.reject(error);
      }
    },
  };
  sqliteWrappers.set(prepared, wrapper as unknown as Statement<never, unknown>);
  return wrapper;
}

/** A statement's PostgreSQL text: `$1..$n` placeholders, and for named parameters the name of each. */
interface Translated {
  text: string;
  names: string[] | undefined;
}

/** A translated text with the name it is prepared under on each connection (none past the cap). */
interface Prepared extends Translated {
  statementName: string | undefined;
}

const translations = new Map<string, Prepared>();

/**
 * PostgreSQL: each distinct text is a named prepared statement (`pw1`, `pw2`, …), so the server
 * parses it once per connection and, once it settles on a generic plan, stops planning it for
 * every call (the vote path runs some twenty statements a click). The names are per process; the
 * same text always has the same name. Past this many distinct texts, the rest run unnamed, so a
 * caller that builds texts (an IN list of varying length) cannot fill the server's memory with
 * statements used once.
 */
const MAX_NAMED_STATEMENTS = 500;

function postgresStatement<Params extends unknown[], Row>(db: PostgresDb, sql: string): Statement<Params, Row> {
  let translated = translations.get(sql);
  if (!translated) {
    const named = translations.size < MAX_NAMED_STATEMENTS ? `pw${translations.size + 1}` : undefined;
    translated = { ...translatePlaceholders(sql), statementName: named };
    translations.set(sql, translated);
  }
  const { text, names, statementName } = translated;
  const values = (params: unknown[]): unknown[] => {
    if (!names) return params;
    const named = (params[0] ?? {}) as Record<string, unknown>;
    return names.map((name) => {
      if (!(name in named)) throw new Error(`statement parameter @${name} was not given (SQL: ${sql.slice(0, 80)})`);
      return named[name];
    });
  };
  return {
    get: async (...params) => (await pgRunner(db).query(text, values(params), statementName)).rows[0] as Row | undefined,
    all: async (...params) => (await pgRunner(db).query(text, values(params), statementName)).rows as Row[],
    run: async (...params) => (await pgRunner(db).query(text, values(params), statementName)).changes,
  };
}

/**
 * SQLite's placeholders as PostgreSQL's: each `?` becomes `$1`, `$2`, …; each named `@name`
 * becomes the `$n` of its name (the same name twice is the same parameter). Quoted strings and
 * identifiers and comments are left alone. Mixing both kinds is refused.
 */
export function translatePlaceholders(sql: string): Translated {
  let text = "";
  let positional = 0;
  const names: string[] = [];
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i]!;
    if (ch === "'" || ch === '"') {
      const end = sql.indexOf(ch, i + 1);
      const stop = end < 0 ? sql.length : end + 1;
      text += sql.slice(i, stop);
      i = stop - 1;
    } else if (ch === "-" && sql[i + 1] === "-") {
      const end = sql.indexOf("\n", i);
      const stop = end < 0 ? sql.length : end;
      text += sql.slice(i, stop);
      i = stop - 1;
    } else if (ch === "?") {
      text += `$${++positional}`;
    } else if (ch === "@" && /[A-Za-z_]/.test(sql[i + 1] ?? "")) {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i + 1))![0];
      let index = names.indexOf(name);
      if (index < 0) index = names.push(name) - 1;
      text += `$${index + 1}`;
      i += name.length;
    } else {
      text += ch;
    }
  }
  if (positional > 0 && names.length > 0) throw new Error(`a statement uses both ? and @name parameters; use one kind (SQL: ${sql.slice(0, 80)})`);
  return { text, names: names.length > 0 ? names : undefined };
}
