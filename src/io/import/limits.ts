import { rowError, type Where } from "./where.js";

// What one row of an import file may hold. Each limit fails the import at the first row past it,
// naming the file, the line (or record) and the field, before anything is written; none is near
// what a real preference row needs, and each bounds what a hostile or broken file can cost.

/** One row (a JSON Lines line, a CSV record, an element of a JSON array) at most this many bytes. */
export const MAX_ROW_BYTES = 8 * 1024 * 1024;
/** Objects and arrays nested at most this deep in a row (a chat prompt is 3 deep: row, turns, turn). */
export const MAX_NESTING_DEPTH = 32;
/** A row's metadata (its `metadata` object and its unknown fields), as JSON, at most this many bytes. */
export const MAX_METADATA_BYTES = 64 * 1024;

const MiB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const KiB = (bytes: number) => `${Math.ceil(bytes / 1024).toLocaleString("en-US")} KiB`;

/** The message for a row past MAX_ROW_BYTES; `what` says what a row is in this container. */
export function rowTooLong(what: string): string {
  const unit = what === "the line" ? "a line" : "a record";
  return `${what} is longer than ${MiB(MAX_ROW_BYTES)}, the limit for one row (MAX_ROW_BYTES); a row holds one comparison. Check that the file has one row ${unit}`;
}

export function nestedTooDeep(): string {
  return `nested more than ${MAX_NESTING_DEPTH} levels deep, the limit (MAX_NESTING_DEPTH); flatten it`;
}

/** A lone UTF-16 surrogate: `\ud800` written in JSON without its pair is not a character, and SQLite would store it as U+FFFD. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Checks everything a parsed row holds, iteratively (a row nested 200,000 deep must not overflow
 * the stack here or anywhere after): nesting depth, and strings (keys included) that are not
 * well-formed text. The field named is the row's top-level key the problem is under.
 */
export function checkRowValues(row: Record<string, unknown>, where: Where): void {
  for (const [field, value] of Object.entries(row)) {
    if (LONE_SURROGATE.test(field)) throw rowError(where, loneSurrogate("a field name"), field.replace(LONE_SURROGATE, "?"));
    const stack: { value: unknown; depth: number }[] = [{ value, depth: 2 }];
    while (stack.length > 0) {
      const item = stack.pop()!;
      if (typeof item.value === "string") {
        if (LONE_SURROGATE.test(item.value)) throw rowError(where, loneSurrogate("the text"), field);
        continue;
      }
      if (item.value === null || typeof item.value !== "object") continue;
      if (item.depth > MAX_NESTING_DEPTH) throw rowError(where, nestedTooDeep(), field);
      for (const [key, child] of Object.entries(item.value)) {
        if (LONE_SURROGATE.test(key)) throw rowError(where, loneSurrogate("a key"), field);
        stack.push({ value: child, depth: item.depth + 1 });
      }
    }
  }
}

function loneSurrogate(what: string): string {
  return `${what} holds a lone UTF-16 surrogate (an escape such as \\ud800 without its pair), which is not a character; fix the escape or remove it`;
}

/** Refuses metadata past MAX_METADATA_BYTES (checked after {@link checkRowValues}, so it can be serialized safely). */
export function checkMetadataSize(metadata: Record<string, unknown>, where: Where): void {
  const bytes = Buffer.byteLength(JSON.stringify(metadata));
  if (bytes <= MAX_METADATA_BYTES) return;
  const size = `is ${KiB(bytes)} as JSON; the limit is ${KiB(MAX_METADATA_BYTES)} (MAX_METADATA_BYTES)`;
  throw rowError(
    where,
    `the metadata (the "metadata" object and the row's unknown fields) ${size}. Keep large data elsewhere and refer to it by id`,
    "metadata",
  );
}
