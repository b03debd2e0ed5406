/** The file layouts an importer understands. See `shapes/` for one file a shape. */
export type ImportShape = "plain" | "trl" | "hh-rlhf" | "pandalm" | "raw";

/** How rows are stored in the file. */
export type ImportContainer = "jsonl" | "json" | "csv";

/**
 * What a row position counts: physical lines (JSONL, CSV) or 1-based records of a JSON array,
 * whose line numbers the streaming parser does not track.
 */
export type PositionUnit = "line" | "record";

export interface ImportOptions {
  /** The shape of the rows; `auto` (the default) decides from the first row's keys. */
  format?: ImportShape | "auto";
  /** Uniform in [0, 1); decides which of TRL's and HH's chosen/rejected becomes A. Default `Math.random`. */
  random?: () => number;
  /** The name used in messages and the report (an attachment's name); default the path's base name. */
  fileLabel?: string;
  /** Called as bytes are read (compressed bytes for `.gz`), at most once a chunk, and once at the end. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Called after each row is parsed, with the number of rows so far. */
  onRow?: (rows: number) => void;
}

/** Something odd in the source that was imported anyway, counted, with where it happened. */
export interface ImportQuirk {
  /** Stable identifier, for example `empty-response` or `pandalm.boolean-response`. */
  code: string;
  message: string;
  /** Positions (in the report's `unit`) of the first affected rows, at most `MAX_QUIRK_LINES`. */
  lines: number[];
  /** How many rows have it. */
  count: number;
  /** External ids of the first affected rows, when the rows have ids (at most `MAX_QUIRK_LINES`). */
  ids?: string[];
}

/**
 * What an import found. It is filled in as the rows stream and is complete once the iterator
 * finishes: until the first row, `container` and `shape` are guesses from the file name and options.
 */
export interface ImportReport {
  file: string;
  container: ImportContainer;
  shape: ImportShape;
  unit: PositionUnit;
  rows: number;
  /** Bytes read from the file so far (compressed bytes for `.gz`); equals `totalBytes` at the end. */
  bytesRead: number;
  totalBytes: number;
  quirks: ImportQuirk[];
}
