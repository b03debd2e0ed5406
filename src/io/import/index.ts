import { basename } from "node:path";
import type { Readable } from "node:stream";
import type { ImportedItem } from "../../domain/comparison.js";
import { isPairwiseError, validationError } from "../../errors.js";
import { readCsv } from "./containers/csv.js";
import { readJsonArray } from "./containers/json-array.js";
import { readJsonLines } from "./containers/jsonl.js";
import type { RawRow } from "./containers/raw-row.js";
import { QuirkLog } from "./report.js";
import type { RowContext } from "./shapes/common.js";
import { detectShape, explainUndetected } from "./shapes/detect.js";
import { readHhRlhf } from "./shapes/hh-rlhf.js";
import { describeValue } from "./shapes/issues.js";
import { checkRowValues } from "./limits.js";
import { readPandaLm } from "./shapes/pandalm.js";
import { readPlain } from "./shapes/plain.js";
import { readRaw } from "./shapes/raw.js";
import { readTrl } from "./shapes/trl.js";
import { containerFromName, openSource, type OpenedSource } from "./source.js";
import type { ImportContainer, ImportOptions, ImportReport, ImportShape } from "./types.js";
import { describePosition, rowError, type Where } from "./where.js";

export type { ImportOptions, ImportReport } from "./types.js";
export { MAX_TEXT_LENGTH } from "./shapes/fields.js";
export { MAX_METADATA_BYTES, MAX_NESTING_DEPTH, MAX_ROW_BYTES } from "./limits.js";

/** Every shape's row reader. */
const READERS: Record<ImportShape, (row: Record<string, unknown>, ctx: RowContext) => ImportedItem> = {
  plain: readPlain,
  trl: readTrl,
  "hh-rlhf": readHhRlhf,
  pandalm: readPandaLm,
  raw: readRaw,
};

/** What `readImportFile` returns: the rows, and a report that fills in as they stream. */
export interface ImportRead {
  /** Iterate once. Stopping early (break) closes the file. */
  items: AsyncIterable<ImportedItem>;
  /** Complete once the iterator finishes. */
  report: ImportReport;
}

/**
 * Streams the comparisons in an import file, one pass, whatever its size: JSON Lines, a JSON array
 * or CSV (each optionally gzipped), in any of the shapes in `ImportShape`.
 *
 * Throws (from the iterator) a PairwiseError("VALIDATION") at the first bad row, naming the file,
 * the line (or record, for JSON arrays), the field, and what was expected. Odd rows that can be
 * imported faithfully (empty responses, PandaLM's boolean responses, unknown fields) are imported
 * and counted in `report.quirks`.
 */
export function readImportFile(path: string, options: ImportOptions = {}): ImportRead {
  const file = options.fileLabel ?? basename(path);
  const guessed = containerFromName(path).container ?? "jsonl";
  const report: ImportReport = {
    file,
    container: guessed,
    shape: options.format === undefined || options.format === "auto" ? "plain" : options.format,
    unit: guessed === "json" ? "record" : "line",
    rows: 0,
    bytesRead: 0,
    totalBytes: 0,
    quirks: [],
  };
  let started = false;
  const items: AsyncIterable<ImportedItem> = {
    [Symbol.asyncIterator]() {
      // A second pass would count every row and quirk twice in the same report.
      if (started) throw new Error("readImportFile: items can be iterated only once");
      started = true;
      return readRows(path, options, report)[Symbol.asyncIterator]();
    },
  };
  return { items, report };
}

async function* readRows(path: string, options: ImportOptions, report: ImportReport): AsyncGenerator<ImportedItem> {
  const file = report.file;
  let source: OpenedSource | undefined;
  try {
    source = await openSource(path, file);
    report.container = source.container;
    report.unit = source.container === "json" ? "record" : "line";
    report.totalBytes = source.totalBytes;
    const quirks = new QuirkLog(report);
    const random = options.random ?? Math.random;
    const forced = options.format === undefined || options.format === "auto" ? undefined : options.format;
    let first: { shape: ImportShape; at: number } | undefined;
    let progressAt = -1;

    for await (const raw of CONTAINERS[source.container](source.text, file)) {
      const where: Where = { file, unit: report.unit, at: raw.at };
      const row = asObject(raw.value, where);
      checkRowValues(row, where);
      if (!first) {
        const shape = forced ?? detectShape(row);
        if (!shape) throw rowError(where, explainUndetected(row));
        first = { shape, at: raw.at };
        report.shape = shape;
      } else if (!forced) {
        checkSameShape(row, first, where);
      }
      const ctx: RowContext = raw.columns ? { where, random, quirks, columns: raw.columns } : { where, random, quirks };
      const item = READERS[first.shape](row, ctx);
      report.rows++;
      report.bytesRead = source.bytesRead();
      options.onRow?.(report.rows);
      if (options.onProgress && report.bytesRead !== progressAt) {
        progressAt = report.bytesRead;
        options.onProgress(report.bytesRead, report.totalBytes);
      }
      yield item;
    }
    if (report.rows === 0) throw validationError("holds no rows", { file });
    report.bytesRead = report.totalBytes;
    options.onProgress?.(report.totalBytes, report.totalBytes);
  } catch (error) {
    throw asImportError(error, file);
  } finally {
    source?.close();
  }
}

/** Every container's row reader. */
const CONTAINERS: Record<ImportContainer, (text: Readable, file: string) => AsyncGenerator<RawRow>> = {
  jsonl: readJsonLines,
  json: readJsonArray,
  csv: readCsv,
};

function asObject(value: unknown, where: Where): Record<string, unknown> {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  throw rowError(where, `expected a JSON object (one row), got ${describeValue(value)}`);
}

/** Auto-detection looks at the first row only; a later row of another shape is a mixed file. */
function checkSameShape(row: Record<string, unknown>, first: { shape: ImportShape; at: number }, where: Where): void {
  const shape = detectShape(row);
  if (shape === undefined || shape === first.shape) return; // the shape's own validation names what is missing
  throw rowError(
    where,
    `this row has the "${shape}" shape, but the file was read as "${first.shape}" from its first row (${describePosition(where.unit, first.at)}); every row must have the same shape`,
  );
}

/** fs and zlib failures become VALIDATION errors that name the file; our own errors pass through. */
function asImportError(error: unknown, file: string): unknown {
  if (isPairwiseError(error)) return error;
  const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  if (code === "ENOENT") return validationError("no such file", { file });
  if (code === "Z_DATA_ERROR" || code === "Z_BUF_ERROR") return validationError(`is not valid gzip data (${message})`, { file });
  if (typeof code === "string") return validationError(`cannot be read (${message})`, { file });
  return error;
}
