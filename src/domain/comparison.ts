import type { Choice } from "./choice.js";

/** One turn of a chat prompt. A plain-text prompt is a single `user` turn. */
export interface ChatTurn {
  role: "system" | "user" | "assistant";
  content: string;
}

/** Regular items, gold items (with a reference answer) and calibration items (discussed in rounds). */
export const COMPARISON_KINDS = ["regular", "gold", "calibration"] as const;
export type ComparisonKind = (typeof COMPARISON_KINDS)[number];

/** The reference answer that makes a comparison a gold item. */
export interface GoldReference {
  answer: Choice;
  explanation: string;
}

/** An external judgment that arrives with an imported row (PandaLM's three annotators). */
export interface ImportedJudgment {
  /** A stable name for the external annotator, for example `pandalm:annotator1`. */
  annotator: string;
  choice: Choice;
}

/**
 * One comparison as an importer parsed it, before it reaches the database. Importers yield these;
 * the import service validates ids against the campaign and writes them in one transaction.
 */
export interface ImportedItem {
  /** 1-based line (JSONL, CSV) or record index (JSON array) in the source, for error messages. */
  line: number;
  externalId?: string;
  prompt: ChatTurn[];
  responseA: string;
  responseB: string;
  modelA?: string;
  modelB?: string;
  tags: string[];
  /** Hidden metadata, never shown to annotators (for example TRL's chosen side). */
  metadata: Record<string, unknown>;
  kind: ComparisonKind;
  gold?: GoldReference;
  judgments: ImportedJudgment[];
  /**
   * The file repeats an item's row once per judgment (Pairwise's raw export): a later row with the
   * same id and the same texts adds its judgments instead of being a duplicate id.
   */
  repeats?: boolean;
}

/** Renders a chat prompt as plain text, one turn a paragraph, for places that cannot show turns. */
export function promptToText(turns: readonly ChatTurn[]): string {
  if (turns.length === 1 && turns[0]?.role === "user") return turns[0].content;
  return turns.map((t) => `${t.role}: ${t.content}`).join("\n\n");
}
