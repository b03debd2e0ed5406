import { isSqlite, type Db } from "./database.js";

/**
 * A subquery that lists the ids in one parameter holding a JSON array of ids
 * (`JSON.stringify(ids)`), for `x.id IN (${idsIn(db, "?")})`: how a set of items (a calibration
 * round's, say) travels to the database as one parameter. The parameter is the same text on
 * both databases; only the function that reads it differs (SQLite's `json_each`, PostgreSQL's
 * `json_array_elements_text`), so the SQL around it stays one text per database.
 */
export function idsIn(db: Db, placeholder: string): string {
  return isSqlite(db)
    ? `SELECT value FROM json_each(${placeholder})`
    : `SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST(${placeholder} AS JSON))`;
}
