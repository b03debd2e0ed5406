import { rowError, type Where } from "../where.js";

/** Columns whose cells may hold chat turns as a JSON array (`[{"role": ..., "content": ...}]`). */
const TURN_COLUMNS = new Set(["prompt", "chosen", "rejected"]);
/** Columns that hold a response: an empty cell there is an empty response, not a missing one. */
const RESPONSE_COLUMNS = new Set(["response_a", "response_b", "chosen", "rejected", "response1", "response2"]);
/** Columns that hold whole numbers in the shapes that use them (PandaLM). */
const INTEGER_COLUMN = /^(idx|annotator\d+)$/;

/**
 * Turns a CSV record (all strings) into the values a JSON row would hold, so every shape validates
 * one kind of input:
 * - an empty cell is an absent field (CSV cannot tell "" from missing), except in a response column,
 *   where it is an empty response (the column is there, so the response is, and it is empty);
 * - `prompt`, `chosen`, `rejected`: read as chat turns when the cell starts with `[{`, text otherwise
 *   (so a prompt like "[INST] ..." or "[1, 2] sorted?" stays text);
 * - `tags`: a JSON array of strings when it starts with `[`, otherwise `a;b;c`;
 * - `metadata`: a JSON object;
 * - `idx`, `annotatorN`: whole numbers when they look like one.
 * `id` stays a string, so "007" keeps its zeros. CRLF inside a cell (Excel writes them) becomes LF,
 * like every other text Pairwise stores.
 */
export function decodeCsvRecord(record: Readonly<Record<string, string>>, where: Where): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [column, cell] of Object.entries(record)) {
    if (cell === "") {
      if (RESPONSE_COLUMNS.has(column)) row[column] = "";
      continue;
    }
    row[column] = decodeCell(column, cell.replaceAll("\r\n", "\n"), where);
  }
  return row;
}

function decodeCell(column: string, cell: string, where: Where): unknown {
  if (TURN_COLUMNS.has(column) && /^\s*\[\s*\{/.test(cell)) return parseJsonCell(cell, column, where, "a JSON array of chat turns");
  if (column === "tags") {
    if (cell.trimStart().startsWith("[")) return parseJsonCell(cell, column, where, "a JSON array of tags");
    return cell
      .split(";")
      .map((tag) => tag.trim())
      .filter((tag) => tag !== "");
  }
  if (column === "metadata") return parseJsonCell(cell, column, where, "a JSON object");
  if (INTEGER_COLUMN.test(column) && /^\s*-?\d+\s*$/.test(cell)) return Number(cell);
  return cell;
}

function parseJsonCell(cell: string, column: string, where: Where, what: string): unknown {
  try {
    return JSON.parse(cell);
  } catch (error) {
    throw rowError(where, `the cell looks like ${what} but is not valid JSON (${(error as Error).message})`, column);
  }
}
