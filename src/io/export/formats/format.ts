import type { DegenerateKind } from "../../../domain/degenerate-target.js";
import type { LabeledItem } from "../labeled-items.js";
import type { FormatOptions } from "./shared.js";

/** What every export format says about itself: the CLI help, the chat usage, the API and the data card read it. */
interface FormatBase<N extends string> {
  name: N;
  /** One line for `pairwise export --help`, after the name. */
  help: string;
  /** True when ties and both-bad have no place in the file (paired chosen/rejected formats); the data card says so. */
  pairedOnly: boolean;
}

/** `raw`: every judgment with all its fields (written by raw-judgments.ts, not item by item). */
export interface JudgmentFormat<N extends string = string> extends FormatBase<N> {
  kind: "judgments";
}

/** A format of labeled items, one item at a time. */
export interface ItemFormat<N extends string = string> extends FormatBase<N> {
  kind: "items";
  /** The first line of the file, if the format has one (CSV's header). */
  header?: string;
  /** The rows an item becomes (none: it carries nothing this format can write). */
  rows(item: LabeledItem, options: FormatOptions): unknown[];
  /** One row as a line of the file. */
  encode(row: unknown): string;
  /**
   * What is wrong with the item's training target, if anything; the QA report counts these for
   * every item format, and a training format leaves such items out unless `--keep-degenerate`.
   */
  defects(item: LabeledItem): DegenerateKind[];
  /** False for formats that keep every labeled item whatever its target (CSV). */
  trainingTarget: boolean;
}
