import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { validationError } from "../../../errors.js";
import type { RawRow } from "./raw-row.js";

/**
 * Reads JSON Lines: one JSON value a physical line; blank lines are skipped but still counted, so
 * positions match what an editor shows. readline's iterator pauses the input when the consumer falls
 * behind (it keeps at most ~1024 lines queued), so memory stays flat for any file size.
 */
export async function* readJsonLines(text: Readable, file: string): AsyncGenerator<RawRow> {
  const lines = createInterface({ input: text, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const content of lines) {
      line++;
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
  } finally {
    lines.close();
  }
}
