import { preferencePair, type LabeledItem } from "../labeled-items.js";
import type { ItemFormat } from "./format.js";
import { pairDefects } from "./shared.js";

/** Anthropic HH-RLHF transcripts: `{chosen, rejected}`, each "\n\nHuman: …\n\nAssistant: …". */
function hhRlhfRows(item: LabeledItem): object[] {
  const pair = preferencePair(item);
  if (!pair) return [];
  const transcript = item.prompt.map((t) => `\n\n${t.role === "assistant" ? "Assistant" : "Human"}: ${t.content}`).join("");
  return [{ chosen: `${transcript}\n\nAssistant: ${pair.chosen}`, rejected: `${transcript}\n\nAssistant: ${pair.rejected}` }];
}

export const hhRlhf = {
  kind: "items",
  name: "hh-rlhf",
  help: "Anthropic HH-RLHF transcripts {chosen, rejected}",
  pairedOnly: true,
  rows: hhRlhfRows,
  encode: (row: unknown) => JSON.stringify(row),
  defects: pairDefects,
  trainingTarget: true,
} as const satisfies ItemFormat;
