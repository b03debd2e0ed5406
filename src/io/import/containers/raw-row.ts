/** One parsed row of a container, before any shape looks at it. */
export interface RawRow {
  /** Whatever JSON (or decoded CSV) the row holds; the shapes check that it is an object. */
  value: unknown;
  /** 1-based physical line (JSONL, CSV) or record (JSON array) where the row starts. */
  at: number;
  /** The CSV header, so a message can say that a column is missing rather than a cell empty. */
  columns?: readonly string[];
}
