import { once } from "node:events";
import { createWriteStream, openSync } from "node:fs";
import { PairwiseError } from "../errors.js";
import type { Writable } from "node:stream";

/**
 * Writes lines to a file (or stdout when `path` is "-"), waiting on backpressure so memory stays
 * flat however many lines come. Resolves with the number of lines written once the file is closed.
 */
export async function writeLines(path: string, lines: Iterable<string> | AsyncIterable<string>, onLine?: (n: number) => void): Promise<number> {
  const out: Writable = path === "-" ? process.stdout : createWriteStream("", { fd: openForWriting(path), encoding: "utf8" });
  let n = 0;
  try {
    for await (const line of lines) {
      if (!out.write(`${line}\n`)) await once(out, "drain");
      n++;
      onLine?.(n);
    }
  } finally {
    if (out !== process.stdout) {
      out.end();
      await once(out, "finish");
    }
  }
  return n;
}

/** Opens the output file up front, so a bad path fails with a clear message before any work. */
function openForWriting(path: string): number {
  try {
    return openSync(path, "w");
  } catch (error) {
    throw new PairwiseError(
      "VALIDATION",
      `Cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}. Check that the folder exists and is writable.`,
    );
  }
}
