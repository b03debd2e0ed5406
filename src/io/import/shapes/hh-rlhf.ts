import { z } from "zod";
import type { ImportedItem } from "../../../domain/comparison.js";
import { rowError } from "../where.js";
import { noteResponseQuirks, readCommon, type RowContext } from "./common.js";
import { checkLength } from "./fields.js";
import { HUMAN_MARKER, splitTranscripts } from "./hh-transcript.js";
import { parseRow } from "./issues.js";
import { assignSides, chosenRejectedAnswers } from "./sides.js";

const HH_KEYS = ["chosen", "rejected"] as const;

const transcript = z
  .string({ error: 'expected an Anthropic transcript, a string starting with "\\n\\nHuman:"' })
  .refine((value) => value.startsWith(HUMAN_MARKER), { error: 'expected an Anthropic transcript, a string starting with "\\n\\nHuman:"' });

const hhSchema = z.object({ chosen: transcript, rejected: transcript });

/**
 * Anthropic HH-RLHF rows: `{chosen, rejected}`, each a whole `\n\nHuman: ...\n\nAssistant: ...`
 * transcript. The shared prompt becomes chat turns (Human → user, Assistant → assistant); the
 * replies go to A/B at random, and `metadata.hh.chosen` keeps which side was chosen.
 *
 * Quirks reported, rows imported: `hh-rlhf.marker-in-reply` (a reply invents another turn; the
 * common-prefix split handles it) and `empty-response` (a blank reply).
 */
export function readHhRlhf(row: Record<string, unknown>, ctx: RowContext): ImportedItem {
  const data = parseRow(hhSchema, row, ctx.where, ctx.columns);
  const split = splitTranscripts(data.chosen, data.rejected);
  if (!split) {
    throw rowError(ctx.where, 'chosen and rejected differ before their first "\\n\\nAssistant:" marker, so they share no prompt', "rejected");
  }
  split.prompt.forEach((turn, index) => checkLength(turn.content, ctx.where, `chosen (prompt turn ${index + 1})`));
  checkLength(split.chosen, ctx.where, "chosen");
  checkLength(split.rejected, ctx.where, "rejected");

  const sides = assignSides(split.chosen, split.rejected, ctx.random);
  const common = readCommon(row, ctx, {
    shapeKeys: HH_KEYS,
    answers: chosenRejectedAnswers(sides.chosen),
    shapeMetadata: { hh: { chosen: sides.chosen } },
  });
  if (split.markerInReply) {
    ctx.quirks.note(
      "hh-rlhf.marker-in-reply",
      'a reply holds another "\\n\\nAssistant:" marker (an invented turn); the prompt was cut at the longest common prefix of chosen and rejected, so both sides share it',
      ctx.where.at,
      common.externalId,
    );
  }
  noteResponseQuirks(ctx, [split.chosen, split.rejected], common.externalId);
  return { ...common, prompt: split.prompt, responseA: sides.responseA, responseB: sides.responseB };
}
