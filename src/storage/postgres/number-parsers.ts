/**
 * How PostgreSQL's 64-bit and arbitrary-precision numbers reach JavaScript: as numbers, as
 * SQLite's do. Both drivers hand them over as strings by default (they may exceed 2^53), which
 * would make `count(*)` (bigint), `sum(...)` over bigint columns (numeric) and every bigint column
 * read through raw SQL a string on PostgreSQL and a number on SQLite. Every integer the schema
 * holds (ids, epoch milliseconds, counts) is far below 2^53, and the schema has no numeric column
 * (numeric only comes out of aggregates), so reading both as numbers loses nothing; a bigint that
 * does not fit is refused rather than rounded.
 */

/** PostgreSQL type ids (pg_type.oid). */
const INT8 = 20;
const NUMERIC = 1700;

function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new Error(
      `PostgreSQL returned the integer ${text}, beyond what a JavaScript number holds exactly (2^53): Pairwise stores no such value, so the row is corrupt or the query is wrong`,
    );
  }
  return value;
}

function parseNumeric(text: string): number {
  return Number(text);
}

/** The parsers by type id, in the shape both node-postgres (`types.setTypeParser`) and PGlite (`parsers`) take. */
export const NUMBER_PARSERS: Readonly<Record<number, (text: string) => number>> = {
  [INT8]: parseInt8,
  [NUMERIC]: parseNumeric,
};
