import type { z } from "zod";
import { rowError, type Where } from "../where.js";

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

/**
 * Parses a row with a zod schema; on failure throws a VALIDATION error for the first problem that
 * names the field and says what was expected and what was found:
 * `items.jsonl:17, field "response_b": expected a non-empty string, got number`.
 *
 * Schemas word their messages as "expected ..."; this adds ", got ..." from the actual value.
 * Other messages (too long, unknown keys) are complete and are used as they are.
 */
export function parseRow<S extends z.ZodType>(schema: S, row: Record<string, unknown>, where: Where, columns?: readonly string[]): z.output<S> {
  const result = schema.safeParse(row);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  if (!first) throw rowError(where, "is not valid");
  const { issue, path } = deepest(first, first.path);
  const field = fieldName(path);
  throw rowError(where, complete(issue.message, valueAt(row, path), path, columns), field || undefined);
}

/**
 * A union (text or chat turns) that failed in every branch: if one branch got further into the value
 * (the value is a list and its third turn has a bad role), that branch's problem is the useful one;
 * otherwise the union's own message ("expected a string or a list of turns") is.
 */
function deepest(issue: Issue, path: Path): { issue: Issue; path: Path } {
  if (issue.code !== "invalid_union") return { issue, path };
  let best: Issue | undefined;
  for (const branch of issue.errors) {
    const first = branch[0];
    if (first && first.path.length > (best?.path.length ?? 0)) best = first;
  }
  return best ? deepest(best, [...path, ...best.path]) : { issue, path };
}

function complete(message: string, value: unknown, path: Path, columns: readonly string[] | undefined): string {
  if (!message.startsWith("expected")) return message;
  if (value !== undefined) return `${message}, got ${describeValue(value)}`;
  const column = path.length === 1 ? String(path[0]) : undefined;
  if (columns && column !== undefined && !columns.includes(column)) {
    return `${message}, but the CSV has no "${column}" column (columns: ${columns.join(", ")})`;
  }
  return columns && path.length === 1 ? `${message}, but the cell is empty` : `${message}, but it is missing`;
}

/** `prompt[2].role`: the path as a reader would write it. */
function fieldName(path: Path): string {
  return path.reduce<string>((name, key) => (typeof key === "number" ? `${name}[${key}]` : name ? `${name}.${String(key)}` : String(key)), "");
}

function valueAt(row: unknown, path: Path): unknown {
  let value = row;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** A short description of a value for "got ...": its type, or the value itself when short. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return value.length === 0 ? "an empty list" : `a list of ${value.length}`;
  if (typeof value === "string") {
    if (value === "") return "an empty string";
    if (value.trim() === "") return "a blank string";
    return value.length <= 40 ? JSON.stringify(value) : "a string";
  }
  if (typeof value === "number" || typeof value === "boolean") return `${typeof value} ${String(value)}`;
  return typeof value;
}
