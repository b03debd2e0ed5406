import { parse as parseCsv } from "csv-parse/sync";
import { validationError } from "../errors.js";

type NumberedRecord = { line: number; record: Record<string, unknown> };

/**
 * Reads the rows of a bake-off's outputs file that came as bytes (a chat attachment), in the
 * formats `pairwise bakeoff create` reads from disk: CSV (by its .csv name) with a header row,
 * a JSON array of objects, or JSON Lines. Each row keeps its line number (its index in an array),
 * and a row that does not parse is named by file and line.
 */
export function readBakeoffRecords(data: Buffer, file: string): NumberedRecord[] {
  const text = data.toString("utf8").replace(/^\uFEFF/, "");
  if (/\.csv$/i.test(file)) return csvRecords(text, file);
  if (text.trimStart().startsWith("[")) return arrayRecords(text, file);
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

function arrayRecords(text: string, file: string): NumberedRecord[] {
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

function csvRecords(text: string, file: string): NumberedRecord[] {
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parseCsv(text, { skip_empty_lines: true, relax_column_count: false, info: true }) as unknown as typeof parsed;
  } catch (error) {
    const e = error as { lines?: number; message: string };
    throw validationError(`not valid CSV: ${e.message}`, e.lines ? { file, line: e.lines } : { file });
  }
  const header = (parsed[0]?.record ?? []).map((h) => h.trim());
  if (parsed.length < 2) throw validationError("holds no rows (a header row, then one row per model per prompt)", { file });
  return parsed.slice(1).map(({ record: row, info }) => ({ line: info.lines, record: Object.fromEntries(header.map((h, j) => [h, row[j]])) }));
}
