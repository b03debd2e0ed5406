import { PairwiseError, validationError } from "../../errors.js";
import type { PositionUnit } from "./types.js";

/** Where a row sits in its file: the name shown in messages and its line or record number. */
export interface Where {
  file: string;
  unit: PositionUnit;
  /** 1-based physical line (JSONL, CSV) or 1-based record of a JSON array. */
  at: number;
}

/**
 * A VALIDATION error naming the file, the row and the field: `items.jsonl:17, field "x": ...`.
 * JSON arrays say `record N (array index N-1)`, because their line numbers are not tracked and a
 * bare number after a colon would read as a line.
 */
export function rowError(where: Where, message: string, field?: string): PairwiseError {
  const location = field === undefined ? { file: where.file, line: where.at } : { file: where.file, line: where.at, field };
  if (where.unit === "line") return validationError(message, location);
  const fieldPart = field === undefined ? "" : `, field "${field}"`;
  return new PairwiseError("VALIDATION", `${where.file}, record ${where.at} (array index ${where.at - 1})${fieldPart}: ${message}`, {
    location,
  });
}

/** `line 17` or `record 3`, for messages that point at another row. */
export function describePosition(unit: PositionUnit, at: number): string {
  return `${unit} ${at}`;
}
