import { z } from "zod";
import type { ChatTurn, ImportedItem } from "../../../domain/comparison.js";
import { noteResponseQuirks, readCommon, type RowContext } from "./common.js";
import { prompt, text, toTurns, turns } from "./fields.js";
import { parseRow } from "./issues.js";
import { assignSides, chosenRejectedAnswers } from "./sides.js";
import { rowError } from "../where.js";

const TRL_KEYS = ["prompt", "chosen", "rejected"] as const;

const completion = z.union([text, turns], { error: "expected a string or a list of chat turns [{role, content}]" });

const trlSchema = z.object({
  prompt: prompt.optional(),
  chosen: completion,
  rejected: completion,
});

/**
 * TRL's preference format, in its three variants:
 * - standard: `{prompt: "...", chosen: "...", rejected: "..."}`;
 * - conversational: prompt a list of turns, chosen/rejected one assistant turn each (`[{role: "assistant", content}]`);
 * - implicit prompt: no `prompt`; chosen and rejected are whole conversations that share every turn
 *   but the last, and the shared turns are the prompt.
 * chosen/rejected go to A/B at random; `metadata.trl.chosen` keeps which side was chosen.
 */
export function readTrl(row: Record<string, unknown>, ctx: RowContext): ImportedItem {
  const data = parseRow(trlSchema, row, ctx.where, ctx.columns);
  const parts = data.prompt === undefined ? splitImplicit(data.chosen, data.rejected, ctx) : explicit(data.prompt, data.chosen, data.rejected, ctx);
  const sides = assignSides(parts.chosen, parts.rejected, ctx.random);
  const common = readCommon(row, ctx, {
    shapeKeys: TRL_KEYS,
    answers: chosenRejectedAnswers(sides.chosen),
    shapeMetadata: { trl: { chosen: sides.chosen } },
  });
  noteResponseQuirks(ctx, [parts.chosen, parts.rejected], common.externalId);
  return { ...common, prompt: parts.prompt, responseA: sides.responseA, responseB: sides.responseB };
}

interface TrlParts {
  prompt: ChatTurn[];
  chosen: string;
  rejected: string;
}

function explicit(promptValue: string | ChatTurn[], chosen: string | ChatTurn[], rejected: string | ChatTurn[], ctx: RowContext): TrlParts {
  return { prompt: toTurns(promptValue), chosen: completionText(chosen, "chosen", ctx), rejected: completionText(rejected, "rejected", ctx) };
}

/** A completion is text or exactly one assistant turn (TRL's conversational form). */
function completionText(value: string | ChatTurn[], field: string, ctx: RowContext): string {
  if (typeof value === "string") return value;
  const [only] = value;
  if (value.length !== 1 || only?.role !== "assistant") {
    const got = value.length === 1 ? `a ${only?.role} turn` : `${value.length} turns`;
    throw rowError(ctx.where, `expected a string or one assistant turn [{"role": "assistant", "content": ...}], got ${got}`, field);
  }
  return only.content;
}

/** Implicit prompt: the turns chosen and rejected share are the prompt; the one turn after is the reply. */
function splitImplicit(chosen: string | ChatTurn[], rejected: string | ChatTurn[], ctx: RowContext): TrlParts {
  if (typeof chosen === "string" || typeof rejected === "string") {
    throw rowError(
      ctx.where,
      "expected a prompt: rows whose chosen/rejected are text need a prompt field (only conversational rows, where both are lists of turns, may leave it out)",
      "prompt",
    );
  }
  let shared = 0;
  while (shared < chosen.length && shared < rejected.length && sameTurn(chosen[shared], rejected[shared])) shared++;
  if (shared === 0) throw rowError(ctx.where, "chosen and rejected share no first turn, so there is no prompt; add a prompt field", "prompt");
  for (const [field, conversation] of [
    ["chosen", chosen],
    ["rejected", rejected],
  ] as const) {
    const rest = conversation.slice(shared);
    if (rest.length !== 1 || rest[0]?.role !== "assistant") {
      throw rowError(
        ctx.where,
        `expected the shared conversation plus one assistant turn; after the ${shared} shared turn(s) there ${rest.length === 1 ? `is a ${rest[0]?.role} turn` : `are ${rest.length} turns`}`,
        field,
      );
    }
  }
  const [chosenReply, rejectedReply] = [chosen[shared], rejected[shared]];
  return { prompt: chosen.slice(0, shared), chosen: chosenReply?.content ?? "", rejected: rejectedReply?.content ?? "" };
}

function sameTurn(a: ChatTurn | undefined, b: ChatTurn | undefined): boolean {
  return a !== undefined && b !== undefined && a.role === b.role && a.content === b.content;
}
