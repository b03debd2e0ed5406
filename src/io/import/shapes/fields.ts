import { z } from "zod";
import type { ChatTurn } from "../../../domain/comparison.js";
import { rowError, type Where } from "../where.js";

/** The longest text (prompt turn, response, explanation) an import accepts, in UTF-16 characters. */
export const MAX_TEXT_LENGTH = 100_000;

const tooLong = (issue: { input?: unknown }): string => {
  const length = typeof issue.input === "string" ? issue.input.length.toLocaleString("en-US") : "too many";
  return `the text is ${length} characters long; the limit is ${MAX_TEXT_LENGTH.toLocaleString("en-US")} (MAX_TEXT_LENGTH). Shorten it or leave the item out`;
};

/** A string of any length up to the limit, empty included. */
export const text = z.string({ error: "expected a string" }).max(MAX_TEXT_LENGTH, { error: tooLong });

/** A string with something in it besides white space, up to the limit. */
export const nonEmptyText = z
  .string({ error: "expected a non-empty string" })
  .max(MAX_TEXT_LENGTH, { error: tooLong })
  .refine((value) => value.trim() !== "", { error: "expected a non-empty string" });

const ROLES = ["system", "user", "assistant"] as const;

/** One chat turn, strictly `{role, content}`; other role names (`human`, `gpt`) are refused by name. */
const turn = z.strictObject(
  {
    role: z.enum(ROLES, { error: `expected one of ${ROLES.join(", ")}` }),
    content: text,
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `a chat turn has only "role" and "content"; found ${issue.keys.map((k) => `"${k}"`).join(", ")}`
        : "expected a chat turn {role, content}",
  },
);

export const turns = z.array(turn, { error: "expected a list of chat turns [{role, content}]" }).min(1, {
  error: "expected a list of chat turns [{role, content}]",
});

/** A prompt: text (one user turn) or a non-empty list of chat turns. */
export const prompt = z.union([nonEmptyText, turns], {
  error: "expected a non-empty string or a list of chat turns [{role, content}]",
});

/** An optional name (a model): null and "" count as absent, since exporters write both for "none". */
export const optionalName = z
  .union([z.string().max(200), z.null()], { error: "expected a string of at most 200 characters" })
  .optional()
  .transform((value) => (value === null || value === undefined || value.trim() === "" ? undefined : value.trim()));

/** The prompt as chat turns: text is one user turn. */
export function toTurns(value: string | ChatTurn[]): ChatTurn[] {
  return typeof value === "string" ? [{ role: "user", content: value }] : value;
}

/** Refuses a text past the limit for values that did not go through zod (split transcripts). */
export function checkLength(value: string, where: Where, field: string): void {
  if (value.length > MAX_TEXT_LENGTH) throw rowError(where, tooLong({ input: value }), field);
}
