import { promptToText } from "../../../domain/comparison.js";
import { preferencePair, type LabeledItem } from "../labeled-items.js";
import type { ItemFormat } from "./format.js";
import { assistant, meta, pairDefects, type FormatOptions } from "./shared.js";

/**
 * TRL's preference format (DPOTrainer, RewardTrainer): `{prompt, chosen, rejected}`, standard
 * (strings) or conversational (lists of `{role, content}`; chosen/rejected are the assistant turn).
 * Ties and both-bad carry no preference and are left out.
 */
function trlRows(item: LabeledItem, options: FormatOptions = {}): object[] {
  const pair = preferencePair(item);
  if (!pair) return [];
  if (options.conversational) return [{ prompt: item.prompt, chosen: [assistant(pair.chosen)], rejected: [assistant(pair.rejected)], ...meta(item) }];
  return [{ prompt: promptToText(item.prompt), chosen: pair.chosen, rejected: pair.rejected, ...meta(item) }];
}

export const trl = {
  kind: "items",
  name: "trl",
  help: "{prompt, chosen, rejected} for TRL's DPO/reward trainers (--conversational for message lists)",
  pairedOnly: true,
  rows: trlRows,
  encode: (row: unknown) => JSON.stringify(row),
  defects: pairDefects,
  trainingTarget: true,
} as const satisfies ItemFormat;
