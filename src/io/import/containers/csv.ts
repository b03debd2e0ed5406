import type { Readable } from "node:stream";
import { CsvError, parse, type Info } from "csv-parse";
import { PairwiseError, validationError } from "../../../errors.js";
import { MAX_ROW_BYTES, rowTooLong } from "../limits.js";
import { decodeCsvRecord } from "./csv-cells.js";
import type { RawRow } from "./raw-row.js";

interface CsvRow {
  record: Record<string, string>;
  info: Info;
}

/**
 * Reads CSV with a header row. Every record must have as many fields as the header (a short row is
 * nearly always an unquoted comma or newline). Cells are decoded by `decodeCsvRecord`.
 *
 * Line numbers: csv-parse's `info.lines` is the line where a record *ends*, and it counts a CRLF
 * inside a quoted field (or a stray CR before the LF delimiter) as two lines. We undo both, so the
 * reported line is the physical line where the record starts.
 */
export async function* readCsv(text: Readable, file: string): AsyncGenerator<RawRow> {
  let columns: string[] = [];
  const parser = parse({
    columns: (header: string[]) => (columns = checkHeader(header, file)),
    bom: true,
    relax_column_count: false,
    skip_empty_lines: true,
    info: true,
    // Characters, not bytes: at most 4 bytes each, so a record never costs more than 4 × MAX_ROW_BYTES.
    max_record_size: MAX_ROW_BYTES,
  });
  text.on("error", (error) => parser.destroy(error));
  text.pipe(parser);
  let doubleCounted = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<CsvRow>) {
      const values = Object.values(record);
      const last = columns[columns.length - 1];
      // A CRLF row in a file whose header ended in LF: the CR lands in the last cell.
      const strayCr = last !== undefined && record[last]?.endsWith("\r") === true;
      if (strayCr && last !== undefined) record[last] = (record[last] ?? "").slice(0, -1);
      doubleCounted += values.reduce((n, v) => n + count(v, "\r\n"), 0) + (strayCr ? 1 : 0);
      const end = info.lines - doubleCounted;
      const at = end - values.reduce((n, v) => n + lineBreaks(v), 0) + (strayCr ? 1 : 0);
      yield { value: decodeCsvRecord(record, { file, unit: "line", at }), at, columns };
    }
  } catch (error) {
    if (error instanceof CsvError) throw csvError(error, file, columns, doubleCounted);
    throw error;
  } finally {
    parser.destroy();
  }
}

function checkHeader(header: string[], file: string): string[] {
  const names = header.map((name) => name.trim());
  const seen = new Set<string>();
  names.forEach((name, index) => {
    if (name === "") throw validationError(`the header has an empty column name (column ${index + 1})`, { file, line: 1 });
    if (seen.has(name)) throw validationError(`the header names column "${name}" twice`, { file, line: 1 });
    seen.add(name);
  });
  return names;
}

function csvError(error: CsvError, file: string, columns: readonly string[], doubleCounted: number): PairwiseError {
  const cause = error.cause;
  if (cause instanceof PairwiseError) return cause; // thrown by checkHeader
  const lines = typeof error["lines"] === "number" ? error["lines"] - doubleCounted : undefined;
  const record = error["record"];
  let message: string;
  if (error.code === "CSV_MAX_RECORD_SIZE") {
    message = rowTooLong("the record");
  } else if (error.code === "CSV_RECORD_INCONSISTENT_COLUMNS" || error.code === "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH") {
    const got = Array.isArray(record) ? record.length : "a different number of";
    message = `expected ${columns.length} fields like the header (${columns.join(", ")}), got ${got}. Quote fields that hold commas, quotes or line breaks`;
  } else {
    // csv-parse's own line numbers drift on CRLF files; ours are given in the location.
    message = `not valid CSV (${error.message.replace(/ (at|on) line \d+/g, "")})`;
  }
  return validationError(message, lines === undefined ? { file } : { file, line: lines });
}

function count(text: string, needle: string): number {
  let n = 0;
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** CRLF, CR and LF each end one physical line. */
function lineBreaks(text: string): number {
  return (text.match(/\r\n|\r|\n/g) ?? []).length;
}
