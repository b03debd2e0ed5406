import { preferencePair, type LabeledItem } from "../labeled-items.js";
import type { ItemFormat } from "./format.js";
import { assistant, meta, pairDefects } from "./shared.js";

/**
 * OpenRLHF's reward-model and DPO datasets with `--apply_chat_template --chosen_key chosen
 * --rejected_key rejected`: whole conversations, the prompt turns followed by the assistant reply.
 */
function openRlhfRows(item: LabeledItem): object[] {
  const pair = preferencePair(item);
  if (!pair) return [];
  return [{ chosen: [...item.prompt, assistant(pair.chosen)], rejected: [...item.prompt, assistant(pair.rejected)], ...meta(item) }];
}

export const openrlhf = {
  kind: "items",
  name: "openrlhf",
  help: "{chosen, rejected} conversations for OpenRLHF (--apply_chat_template)",
  pairedOnly: true,
  rows: openRlhfRows,
  encode: (row: unknown) => JSON.stringify(row),
  defects: pairDefects,
  trainingTarget: true,
} as const satisfies ItemFormat;
