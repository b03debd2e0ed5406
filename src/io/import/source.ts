import { createReadStream, type ReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { pipeline, type Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { validationError } from "../../errors.js";
import type { ImportContainer } from "./types.js";
import { Utf8Guard } from "./utf8-guard.js";

/** The decompressed text of an import file, with what the progress bar needs. */
export interface OpenedSource {
  container: ImportContainer;
  text: Readable;
  totalBytes: number;
  /** Bytes read from disk so far (compressed bytes for `.gz`, so it matches `totalBytes`). */
  bytesRead(): number;
  /** Stops reading; safe to call twice. */
  close(): void;
}

interface NameInfo {
  gzip: boolean;
  /** The container the extension names, or undefined when the content has to decide. */
  container: ImportContainer | undefined;
}

/** Reads the container off the name: `.jsonl`/`.ndjson`, `.csv`, each optionally `.gz`. */
export function containerFromName(path: string): NameInfo {
  const lower = path.toLowerCase();
  const gzip = lower.endsWith(".gz");
  const name = gzip ? lower.slice(0, -3) : lower;
  if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) return { gzip, container: "jsonl" };
  if (name.endsWith(".csv")) return { gzip, container: "csv" };
  // `.json` is ambiguous on purpose: many published "json" files are JSON Lines.
  return { gzip, container: undefined };
}

/** Opens the file once for reading, after settling the container (peeking at the start if needed). */
export async function openSource(path: string, file: string): Promise<OpenedSource> {
  const info = await stat(path);
  if (!info.isFile()) throw validationError("is not a file", { file });
  const name = containerFromName(path);
  const container = name.container ?? containerFromFirstChar(await firstNonSpaceChar(path, name.gzip), path, file);
  const raw = createReadStream(path);
  // Errors of any stage (a missing file, bad gzip, a byte that is not UTF-8) surface on the last.
  const text: Readable = name.gzip ? pipeline(raw, createGunzip(), new Utf8Guard(file), () => undefined) : pipeline(raw, new Utf8Guard(file), () => undefined);
  return {
    container,
    text,
    totalBytes: info.size,
    bytesRead: () => raw.bytesRead,
    close: () => {
      text.destroy();
      raw.destroy();
    },
  };
}

function decompress(raw: ReadStream): Readable {
  const gunzip = createGunzip();
  // pipe() does not forward errors; a missing file must surface on the stream that is read.
  raw.on("error", (error) => gunzip.destroy(error));
  return raw.pipe(gunzip);
}

function containerFromFirstChar(char: string | undefined, path: string, file: string): ImportContainer {
  if (char === "[") return "json";
  if (char === "{") return "jsonl";
  if (char === undefined) throw validationError("the file is empty", { file });
  const isJson = path.toLowerCase().replace(/\.gz$/, "").endsWith(".json");
  const expected = isJson
    ? `a .json file must start with "[" (an array of objects) or "{" (one object a line), but it starts with ${JSON.stringify(char)}`
    : `cannot tell the format from the name; it starts with ${JSON.stringify(char)}, not "[" or "{". Name it .jsonl, .json or .csv`;
  throw validationError(expected, { file });
}

const SPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const BOM = [0xef, 0xbb, 0xbf];

/** The first character that is not white space or a byte-order mark; reads only as far as it. */
async function firstNonSpaceChar(path: string, gzip: boolean): Promise<string | undefined> {
  const raw = createReadStream(path, { highWaterMark: 16 * 1024 });
  const stream = gzip ? decompress(raw) : raw;
  let offset = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      for (const byte of chunk) {
        const inBom = offset < 3 && byte === BOM[offset];
        offset++;
        if (inBom || SPACE.has(byte)) continue;
        return String.fromCharCode(byte);
      }
    }
    return undefined;
  } finally {
    stream.destroy();
    raw.destroy();
  }
}
