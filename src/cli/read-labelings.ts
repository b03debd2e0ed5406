import { basename } from "node:path";
import { validationError } from "../errors.js";
import type { Labeling, RatingsTable } from "../stats/index.js";
import { ratingCell } from "../io/plain-csv.js";
import { readRecords } from "./read-table-file.js";

/** Reads {annotator, item, label} records (JSON Lines, a JSON array or CSV), naming the line of a bad row. */
export function readLabelings(path: string): Labeling[] {
  const file = basename(path);
  return readRecords(path).map(({ line, record }) => {
    for (const field of ["annotator", "item", "label"] as const) {
      const v = record[field];
      if ((typeof v !== "string" && typeof v !== "number") || String(v).trim() === "")
        throw validationError(`expected a non-empty value, got ${JSON.stringify(v ?? null)}`, { file, line, field });
    }
    return { annotator: String(record.annotator), item: String(record.item), label: String(record.label) };
  });
}

/** Whether a file holds one judgment a row ({annotator, item, label}) rather than a raters × units table. */
export function looksLikeLabelings(text: string): boolean {
  const first =
    text
      .replace(/^\uFEFF/, "")
      .trimStart()
      .split(/\r?\n/, 1)[0] ?? "";
  if (first.startsWith("{")) {
    try {
      const record = JSON.parse(first) as Record<string, unknown>;
      return "annotator" in record && "item" in record && "label" in record;
    } catch {
      return false;
    }
  }
  const header = first.split(",").map((h) => h.trim().replace(/^"|"$/g, "").toLowerCase());
  return ["annotator", "item", "label"].every((h) => header.includes(h));
}

/** Labelings as reliability data: one unit per item with the values it got, in file order. */
export function unitsOfLabelings(labelings: readonly Labeling[]): RatingsTable {
  const byItem = new Map<string, (string | number | null)[]>();
  for (const l of labelings) {
    let values = byItem.get(l.item);
    if (!values) byItem.set(l.item, (values = []));
    values.push(ratingCell(l.label));
  }
  return [...byItem.values()];
}

/** A raters × units table as labelings: rater j's value on unit u is a labeling of item u+1. */
export function labelingsOfTable(raters: readonly string[], units: RatingsTable): Labeling[] {
  const out: Labeling[] = [];
  units.forEach((row, u) => row.forEach((v, j) => v !== null && out.push({ annotator: raters[j]!, item: String(u + 1), label: String(v) })));
  return out;
}
