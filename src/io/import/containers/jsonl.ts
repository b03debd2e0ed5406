import type { Readable } from "node:stream";
import { validationError } from "../../../errors.js";
import { MAX_ROW_BYTES, rowTooLong } from "../limits.js";
import type { RawRow } from "./raw-row.js";

/**
 * The lines of a stream as buffers (LF or CRLF), never holding more than `maxBytes` of one line:
 * a longer line fails as soon as it passes the limit, however long it goes on (readline held a
 * whole 1 GB line in memory, then died). Pulls chunks as the consumer asks, so memory stays flat.
 */
async function* lines(input: Readable, maxBytes: number, tooLong: (line: number) => Error): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let size = 0;
  let line = 0;
  const take = (piece: Buffer): Buffer => {
    const whole = parts.length === 0 ? piece : Buffer.concat([...parts, piece]);
    parts = [];
    size = 0;
    return whole.at(-1) === 13 ? whole.subarray(0, -1) : whole;
  };
  for await (const chunk of input as AsyncIterable<Buffer>) {
    let start = 0;
    for (let end = chunk.indexOf(10); end !== -1; end = chunk.indexOf(10, start)) {
      line++;
      if (size + end - start > maxBytes) throw tooLong(line);
      yield take(chunk.subarray(start, end));
      start = end + 1;
    }
    if (start < chunk.length) {
      size += chunk.length - start;
      if (size > maxBytes) throw tooLong(line + 1);
      parts.push(chunk.subarray(start));
    }
  }
  if (size > 0) yield take(Buffer.alloc(0));
}

/**
 * Reads JSON Lines: one JSON value a physical line; blank lines are skipped but still counted, so
 * positions match what an editor shows. A line longer than MAX_ROW_BYTES fails the import.
 */
export async function* readJsonLines(text: Readable, file: string): AsyncGenerator<RawRow> {
  let line = 0;
  for await (const bytes of lines(text, MAX_ROW_BYTES, (at) => validationError(rowTooLong("the line"), { file, line: at }))) {
    line++;
    const content = bytes.toString("utf8");
    // A BOM is not white space to JSON.parse; editors on Windows still write one.
    const body = line === 1 && content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
    if (body.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch (error) {
      throw validationError(`not valid JSON (${(error as Error).message})`, { file, line });
    }
    yield { value, at: line };
  }
}
