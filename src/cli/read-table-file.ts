import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { PairwiseError, validationError } from "../errors.js";
import { ratingCell, readPlainRatings } from "../io/plain-csv.js";
import { csvRows, type NumberedRecord, parseRecords } from "../io/table-records.js";

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new PairwiseError("VALIDATION", `Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
}

/**
 * Reads reliability data: CSV with a header of rater names, one row per unit, an empty cell (or NA)
 * missing; or JSON `{"data": [[...], ...]}` with `null` missing. Every row must have one value per rater.
 */
export function readRatingsFile(path: string): { raters: string[]; units: (string | number | null)[][] } {
  const file = basename(path);
  const text = readText(path);
  if (/\.json$/i.test(path) || text.trimStart().startsWith("{")) {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (error) {
      throw validationError(`not valid JSON (${(error as Error).message})`, { file });
    }
    const data = (doc as { data?: unknown }).data;
    if (!Array.isArray(data))
      throw validationError('expected an object with "data": [[...], ...] (rows are units, columns are raters)', { file, field: "data" });
    const width = Array.isArray(data[0]) ? data[0].length : 0;
    const units = data.map((row: unknown, i: number) => {
      if (!Array.isArray(row)) throw validationError(`row ${i + 1} is not a list of values`, { file, field: `data[${i}]` });
      if (row.length !== width)
        throw validationError(`row ${i + 1} has ${row.length} values, the first row has ${width}: every row needs one value per rater (null when missing)`, {
          file,
          field: `data[${i}]`,
        });
      return row.map((v: unknown, j: number) => {
        if (v === null || typeof v === "number" || typeof v === "string") return v;
        throw validationError(`row ${i + 1}, rater ${j + 1}: expected a number, a string or null, got ${JSON.stringify(v)}`, {
          file,
          field: `data[${i}][${j}]`,
        });
      });
    });
    return { raters: Array.from({ length: width }, (_, j) => `rater${j + 1}`), units };
  }
  const table = readPlainRatings(text) ?? quotedRatings(text, file);
  if (table.header.length === 0 || table.rows.length === 0) throw validationError("expected a header row of rater names and one row per unit", { file });
  table.rows.forEach((row, i) => {
    if (row.length !== table.header.length)
      throw validationError(`not valid CSV: row has ${row.length} fields, the header has ${table.header.length}`, { file, line: table.lines[i]! });
  });
  return { raters: table.header.map((h, j) => h.trim() || `rater${j + 1}`), units: table.rows };
}

function quotedRatings(text: string, file: string): { header: string[]; rows: (string | number | null)[][]; lines: number[] } {
  const { rows, lines } = csvRows(text, file);
  return { header: rows[0] ?? [], rows: rows.slice(1).map((row) => row.map(ratingCell)), lines: lines.slice(1) };
}

/** Reads JSON Lines, a JSON array or CSV records (battles, labelings, bake-off outputs), naming the line of any row that does not parse. */
export function readRecords(path: string): NumberedRecord[] {
  return parseRecords(readText(path), basename(path), { csv: /\.csv$/i.test(path) });
}
