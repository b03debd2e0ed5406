import { validationError } from "../errors.js";
import { type NumberedRecord, parseRecords } from "./table-records.js";

/**
 * Reads the rows of a bake-off's outputs file that came as bytes (a chat attachment), in the
 * formats `pairwise bakeoff create` reads from disk (io/table-records.ts): CSV (by its .csv name)
 * with a header row, a JSON array of objects, or JSON Lines.
 */
export function readBakeoffRecords(data: Buffer, file: string): NumberedRecord[] {
  const records = parseRecords(data.toString("utf8"), file, { csv: /\.csv$/i.test(file) });
  if (records.length === 0) throw validationError("holds no rows (a header row, then one row per model per prompt)", { file });
  return records;
}
