import type { DegenerateKind } from "../../../domain/degenerate-target.js";
import type { LabeledItem } from "../labeled-items.js";
import { csv } from "./csv.js";
import type { ItemFormat } from "./format.js";
import { hhRlhf } from "./hh-rlhf.js";
import { kto } from "./kto.js";
import { openrlhf } from "./openrlhf.js";
import { raw } from "./raw.js";
import type { FormatOptions } from "./shared.js";
import { trl } from "./trl.js";

/**
 * The export formats, one file each. Adding a format is a file here and one entry in this list:
 * the CLI (`--format`, its help), the chat command's usage, the API's enum and the data card
 * read the registry.
 */
export const TRAINING_FORMAT_SPECS = [trl, kto, openrlhf, hhRlhf, csv] as const;
export const EXPORT_FORMAT_SPECS = [raw, ...TRAINING_FORMAT_SPECS] as const;

/** The training formats' names; `raw` (every judgment) lives in raw-judgments.ts. */
export const TRAINING_FORMATS = TRAINING_FORMAT_SPECS.map((f) => f.name) as unknown as readonly [
  (typeof TRAINING_FORMAT_SPECS)[number]["name"],
  ...(typeof TRAINING_FORMAT_SPECS)[number]["name"][],
];
/** Every export format: `raw` (every judgment with all its fields) and the training formats. */
export const EXPORT_FORMATS = EXPORT_FORMAT_SPECS.map((f) => f.name) as unknown as readonly [
  (typeof EXPORT_FORMAT_SPECS)[number]["name"],
  ...(typeof EXPORT_FORMAT_SPECS)[number]["name"][],
];
export type ExportFormat = (typeof EXPORT_FORMAT_SPECS)[number]["name"];

export function isExportFormat(name: string): name is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(name);
}

/** The format of this name. */
export function exportFormat<N extends ExportFormat>(name: N): Extract<(typeof EXPORT_FORMAT_SPECS)[number], { name: N }> {
  return EXPORT_FORMAT_SPECS.find((f) => f.name === name) as Extract<(typeof EXPORT_FORMAT_SPECS)[number], { name: N }>;
}

/** The formats as `pairwise export --help` lists them: `  name  help`, the names padded to one column. */
export function formatHelpLines(): string[] {
  const width = Math.max(...EXPORT_FORMATS.map((n) => n.length)) + 2;
  return EXPORT_FORMAT_SPECS.map((f) => `  ${f.name.padEnd(width)}${f.help}`);
}

/** What an item becomes in a format: its rows, or why it has none. */
export type FormattedItem = { rows: unknown[] } | { leftOut: "no_preference" } | { leftOut: "degenerate"; kinds: DegenerateKind[] };

/**
 * An item in a format: CSV keeps every labeled item; the training formats write only preferences
 * (KTO also both-bad), and leave out degenerate targets unless `keepDegenerate`.
 */
export function formatItem(format: ItemFormat, item: LabeledItem, options: FormatOptions): FormattedItem {
  const rows = format.rows(item, options);
  if (!format.trainingTarget) return { rows };
  if (rows.length === 0) return { leftOut: "no_preference" };
  const kinds = format.defects(item);
  if (kinds.length > 0 && !options.keepDegenerate) return { leftOut: "degenerate", kinds };
  return { rows };
}

export type { FormatOptions } from "./shared.js";
export type { ItemFormat } from "./format.js";
