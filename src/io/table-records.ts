import { parse as parseCsv } from "csv-parse/sync";
import { validationError } from "../errors.js";
import { splitPlainCsv } from "./plain-csv.js";

/** A row of a table file with the line it came from, for error messages that name it. */
export type NumberedRecord = { line: number; record: Record<string, unknown> };

/** CSV rows with their line numbers: the plain fast path, or csv-parse when the text has quotes. */
export function csvRows(text: string, file: string): { rows: string[][]; lines: number[] } {
  const plain = splitPlainCsv(text);
  if (plain) {
    const width = plain.rows[0]?.length ?? 0;
    plain.rows.forEach((row, i) => {
      if (row.length !== width) throw validationError(`not valid CSV: row has ${row.length} fields, the header has ${width}`, { file, line: plain.lines[i]! });
    });
    return plain;
  }
  try {
    const parsed = parseCsv(text, { bom: true, skip_empty_lines: true, relax_column_count: false, info: true }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
    return { rows: parsed.map((r) => r.record), lines: parsed.map((r) => r.info.lines) };
  } catch (error) {
    const e = error as { lines?: number; message: string };
    throw validationError(`not valid CSV: ${e.message}`, e.lines ? { file, line: e.lines } : { file });
  }
}

/**
 * The records of a table file's text: CSV (`csv`, with a header row), a JSON array of objects, or
 * JSON Lines. Each keeps its line number (its index in an array); a row that does not parse, or is
 * not an object, is named by file and line. The CLI reads files from disk with it, the chat reads
 * attachments with it.
 */
export function parseRecords(source: string, file: string, options: { csv: boolean }): NumberedRecord[] {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  if (options.csv) {
    const { rows, lines } = csvRows(text, file);
    const header = (rows[0] ?? []).map((h) => h.trim());
    const out: NumberedRecord[] = new Array(Math.max(0, rows.length - 1));
    for (let i = 1; i < rows.length; i++) {
      const record: Record<string, string> = {};
      const row = rows[i]!;
      for (let j = 0; j < header.length; j++) record[header[j]!] = row[j]!;
      out[i - 1] = { line: lines[i]!, record };
    }
    return out;
  }
  if (text.trimStart().startsWith("[")) {
    let rows: unknown;
    try {
      rows = JSON.parse(text);
    } catch (error) {
      throw validationError(`not valid JSON (${(error as Error).message})`, { file });
    }
    return (rows as unknown[]).map((record, i) => {
      if (typeof record !== "object" || record === null || Array.isArray(record)) throw validationError("expected an object", { file, line: i + 1 });
      return { line: i + 1, record: record as Record<string, unknown> };
    });
  }
  const out: NumberedRecord[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === "") return;
    let record: unknown;
    try {
      record = JSON.parse(raw);
    } catch (error) {
      throw validationError(`not valid JSON (${(error as Error).message})`, { file, line: i + 1 });
    }
    if (typeof record !== "object" || record === null || Array.isArray(record)) throw validationError("expected a JSON object per line", { file, line: i + 1 });
    out.push({ line: i + 1, record: record as Record<string, unknown> });
  });
  if (out.length === 0) throw validationError("holds no rows", { file });
  return out;
}
