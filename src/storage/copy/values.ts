import type { ValueKind } from "./tables.js";

/**
 * One value in the form both checksums hash, whichever side it was read from: SQLite gives
 * integers as bigint (read with safeIntegers), booleans as 0/1 and blobs as Buffer; node-postgres
 * gives bigint columns as strings, booleans as booleans, timestamptz as Date; PGlite gives bigint
 * columns as numbers (bigint past 2^53) and bytea as Uint8Array.
 */
export function canonical(kind: ValueKind, value: unknown): string | boolean | null {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case "integer":
      if (typeof value === "bigint") return value.toString();
      if (typeof value === "number") return Number.isInteger(value) ? BigInt(value).toString() : String(value);
      if (value instanceof Date) return String(value.getTime());
      return /^-?\d+$/.test(String(value)) ? BigInt(String(value)).toString() : String(value);
    case "boolean":
      if (typeof value === "boolean") return value;
      if (value === "t" || value === "true") return true;
      if (value === "f" || value === "false") return false;
      return Number(value) !== 0;
    case "real":
      return String(Number(value));
    case "text":
      return value instanceof Uint8Array ? Buffer.from(value).toString("utf8") : String(value);
    case "blob":
      return value instanceof Uint8Array ? Buffer.from(value).toString("hex") : Buffer.from(String(value)).toString("hex");
  }
}

/**
 * An SQLite value as PostgreSQL's json_populate_recordset reads it for the target column: 0/1
 * become booleans, integers past 2^53 travel as digit strings (bigint's input reads them exactly),
 * infinities as the words float8 reads, blobs as bytea's `\x` hex.
 */
export function toTarget(kind: ValueKind, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case "integer":
      if (typeof value === "bigint")
        return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
      return value;
    case "boolean":
      return Number(value) !== 0;
    case "real": {
      const n = Number(value);
      return Number.isFinite(n) ? n : String(n);
    }
    case "text":
      return value instanceof Uint8Array ? Buffer.from(value).toString("utf8") : String(value);
    case "blob":
      return `\\x${value instanceof Uint8Array ? Buffer.from(value).toString("hex") : Buffer.from(String(value)).toString("hex")}`;
  }
}
