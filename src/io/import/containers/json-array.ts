import type { Readable } from "node:stream";
import Parser from "stream-json/Parser.js";
import StreamArray from "stream-json/streamers/StreamArray.js";
import { PairwiseError } from "../../../errors.js";
import { nestedTooDeep, rowTooLong } from "../limits.js";
import { rowError } from "../where.js";
import { JsonRowGuard, JsonRowLimit } from "./json-limits.js";
import type { RawRow } from "./raw-row.js";

interface ArrayEntry {
  key: number;
  value: unknown;
}

/**
 * Reads a JSON array one element at a time with stream-json, so a 1 GB array never sits in memory.
 * The parser does not track lines, so rows are numbered by record (1-based).
 *
 * A syntax error ends the element stream instead of destroying it, so the elements before the error
 * are still delivered and the message names the last good record. A record past the row limits
 * (limits.ts) fails as soon as the parser reaches the point where it passes them.
 */
export async function* readJsonArray(text: Readable, file: string): AsyncGenerator<RawRow> {
  // Values streamed as chunks too, so the guard sees a long string grow; it passes on the packed ones only.
  // autoDestroy off: a destroyed parser would drop the tokens it produced before the error.
  const parser = Parser.make({ packValues: true, streamValues: true, autoDestroy: false });
  const guard = new JsonRowGuard();
  const elements = StreamArray.make();
  let syntaxError: Error | undefined;
  parser.on("error", (error: Error) => {
    syntaxError = error;
    // Hand over what was parsed before the error, then end: those records are still read, and the
    // message can say exactly after which record the JSON breaks.
    parser.unpipe(guard);
    for (let token: unknown = parser.read(); token !== null; token = parser.read()) guard.write(token);
    guard.end();
  });
  // fs and zlib failures, and a record past the limits, abort the read outright.
  text.on("error", (error) => elements.destroy(error));
  guard.on("error", (error) => elements.destroy(error));
  text.pipe(parser).pipe(guard).pipe(elements);

  let records = 0;
  try {
    for await (const entry of elements as AsyncIterable<ArrayEntry>) {
      records = entry.key + 1;
      yield { value: entry.value, at: records };
    }
  } catch (error) {
    if (error instanceof JsonRowLimit) {
      const where = { file, unit: "record" as const, at: error.record };
      throw rowError(where, error.limit === "depth" ? nestedTooDeep() : rowTooLong("the record"), error.field);
    }
    if (error instanceof PairwiseError || isSystemError(error)) throw error;
    throw syntax(file, records, error as Error); // StreamArray's own "Top-level object should be an array."
  } finally {
    parser.destroy();
    guard.destroy();
    elements.destroy();
  }
  if (syntaxError) throw syntax(file, records, syntaxError);
}

function syntax(file: string, records: number, error: Error): PairwiseError {
  const after = records === 0 ? "before the first record" : `after record ${records}`;
  return new PairwiseError("VALIDATION", `${file}: not valid JSON ${after} (${error.message})`, {
    location: { file, line: records + 1 },
    cause: error,
  });
}

/** fs and zlib errors carry a string `code`; stream-json's parse errors do not. */
function isSystemError(error: unknown): boolean {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === "string";
}
