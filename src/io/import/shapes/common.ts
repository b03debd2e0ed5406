import { z } from "zod";
import { listInWords, NO_PREFERENCE_CHOICES, parseChoice, type Choice } from "../../../domain/choice.js";
import { COMPARISON_KINDS, type ComparisonKind, type GoldReference, type ImportedJudgment, type ImportedItem } from "../../../domain/comparison.js";
import type { QuirkLog } from "../report.js";
import { checkMetadataSize } from "../limits.js";
import { rowError, type Where } from "../where.js";
import { text } from "./fields.js";
import { parseRow } from "./issues.js";

/** What every shape reader gets for one row. */
export interface RowContext {
  where: Where;
  random: () => number;
  quirks: QuirkLog;
  /** The CSV header, when the row came from a CSV file. */
  columns?: readonly string[];
}

/** How a shape reads a gold answer: A/B mean different things in a TRL file than in a plain one. */
export interface GoldAnswers {
  parse(value: string): Choice | undefined;
  /** For the message when `parse` fails: "A, B, tie or both_bad". */
  accepted: string;
}

/** Gold answers named by side, for shapes whose A and B are fixed by the file. */
export const SIDE_ANSWERS: GoldAnswers = { parse: parseChoice, accepted: listInWords(["A", "B", ...NO_PREFERENCE_CHOICES]) };

/** Fields any shape may carry. */
const COMMON_KEYS = ["id", "tags", "metadata", "kind", "reference", "gold", "gold_answer", "explanation", "gold_explanation"] as const;

const commonSchema = z.object({
  id: z
    .union([z.string().trim().min(1).max(200), z.number()], {
      error: "expected a non-empty string (at most 200 characters) or a number",
    })
    .nullish(),
  tags: z
    .array(z.string({ error: "expected a string" }).trim().min(1, { error: "expected a non-empty string" }).max(100), {
      error: "expected a list of strings",
    })
    .nullish(),
  metadata: z.record(z.string(), z.unknown(), { error: "expected an object" }).nullish(),
  kind: z.enum(COMPARISON_KINDS, { error: `expected one of ${COMPARISON_KINDS.join(", ")}` }).nullish(),
  reference: z.string({ error: "expected a string (the gold answer)" }).nullish(),
  gold: z.string({ error: "expected a string (the gold answer)" }).nullish(),
  gold_answer: z.string({ error: "expected a string (the gold answer)" }).nullish(),
  explanation: text.nullish(),
  gold_explanation: text.nullish(),
});

/** The parts of an item every shape fills the same way. */
export type CommonParts = Pick<ImportedItem, "line" | "tags" | "metadata" | "kind" | "judgments"> & {
  externalId?: string;
  gold?: GoldReference;
};

export interface CommonInput {
  /** The keys this shape reads itself; any key neither it nor COMMON_KEYS knows goes to metadata. */
  shapeKeys: readonly string[];
  answers: GoldAnswers;
  /** Fallback id (PandaLM's `pandalm-<idx>`), used when the row has no `id`. */
  defaultId?: string;
  /** Tags the shape derives (PandaLM's app), before the row's own tags. */
  shapeTags?: readonly string[];
  /** Hidden metadata the shape adds (which side was chosen); it wins over the row's own keys. */
  shapeMetadata?: Record<string, unknown>;
  judgments?: ImportedJudgment[];
}

/**
 * Reads the common fields: id, tags, metadata (unknown keys are kept in it and reported once), and
 * the gold reference that makes a row a gold or calibration item.
 */
export function readCommon(row: Record<string, unknown>, ctx: RowContext, input: CommonInput): CommonParts {
  const data = parseRow(commonSchema, row, ctx.where, ctx.columns);
  const externalId = data.id === null || data.id === undefined ? input.defaultId : String(data.id);

  const known = new Set<string>([...COMMON_KEYS, ...input.shapeKeys]);
  const unknownKeys = Object.keys(row).filter((key) => !known.has(key));
  ctx.quirks.unknownFields(unknownKeys, ctx.where.at, externalId);
  const unknown = Object.fromEntries(unknownKeys.map((key) => [key, row[key]]));

  const { kind, gold, looseExplanation } = readGold(data, ctx.where, input.answers);
  if (looseExplanation) {
    unknown[looseExplanation.key] = looseExplanation.text;
    ctx.quirks.note(
      "explanation-without-reference",
      "row has an explanation but no reference answer, so it is not a gold item; the explanation was kept in metadata",
      ctx.where.at,
      externalId,
    );
  }
  const tags = [...new Set([...(input.shapeTags ?? []), ...(data.tags ?? [])])];
  const parts: CommonParts = {
    line: ctx.where.at,
    tags,
    metadata: { ...unknown, ...(data.metadata ?? {}), ...(input.shapeMetadata ?? {}) },
    kind,
    judgments: input.judgments ?? [],
  };
  checkMetadataSize(parts.metadata, ctx.where);
  if (externalId !== undefined) parts.externalId = externalId;
  if (gold) parts.gold = gold;
  return parts;
}

type CommonData = z.output<typeof commonSchema>;

interface GoldParts {
  kind: ComparisonKind;
  gold?: GoldReference;
  /** An explanation on a row without a reference: not gold, but not thrown away either. */
  looseExplanation?: { key: string; text: string };
}

/**
 * A reference answer makes a row gold (or calibration with `kind: "calibration"`), and then an
 * explanation is required: annotators are shown it after they answer, and a gold item that cannot
 * say why it is right teaches nothing.
 */
function readGold(data: CommonData, where: Where, answers: GoldAnswers): GoldParts {
  const given = (["reference", "gold", "gold_answer"] as const).filter((key) => data[key] !== null && data[key] !== undefined);
  const explanationKey = data.explanation != null ? "explanation" : data.gold_explanation != null ? "gold_explanation" : undefined;
  const explanation = explanationKey === undefined ? undefined : (data[explanationKey] ?? undefined);
  const kind = data.kind ?? undefined;

  if (given.length === 0) {
    if (kind === "gold" || kind === "calibration") {
      throw rowError(where, `a ${kind} item needs a reference answer ("reference": ${answers.accepted}) and an explanation`, "reference");
    }
    if (explanationKey !== undefined && explanation !== undefined) return { kind: "regular", looseExplanation: { key: explanationKey, text: explanation } };
    return { kind: "regular" };
  }
  const field = given[0] ?? "reference";
  const answerText = data[field] ?? "";
  const answer = answers.parse(answerText);
  if (!answer) throw rowError(where, `expected ${answers.accepted}, got ${JSON.stringify(answerText)}`, field);
  for (const other of given.slice(1)) {
    if (answers.parse(data[other] ?? "") !== answer) {
      throw rowError(where, `"${field}" and "${other}" give different answers; keep one`, other);
    }
  }
  if (kind === "regular") throw rowError(where, `kind "regular" contradicts the reference answer; use kind "gold" or "calibration"`, "kind");
  if (explanation === undefined || explanation.trim() === "") {
    throw rowError(
      where,
      `a gold item needs an explanation ("explanation" or "gold_explanation"): annotators see it after answering`,
      explanationKey ?? "explanation",
    );
  }
  return { kind: kind ?? "gold", gold: { answer, explanation } };
}

/**
 * The one rule every shape follows for its two responses: an empty or blank response is imported
 * (an empty reply is a real, bad answer an annotator can judge, and dropping rows would silently
 * change the dataset), and so are two identical responses; both are reported as import quirks.
 * The training exports leave such pairs out by default (see domain/degenerate-target.ts).
 */
export function noteResponseQuirks(ctx: RowContext, responses: readonly [string, string], id: string | undefined): void {
  if (responses.some((response) => response.trim() === "")) {
    ctx.quirks.note(
      "empty-response",
      "response is empty or white space only; imported as it is (annotators can judge it; training exports leave it out unless --keep-degenerate)",
      ctx.where.at,
      id,
    );
  }
  if (responses[0] === responses[1]) {
    ctx.quirks.note(
      "identical-responses",
      "both responses are the same text; imported as it is (no preference can be learned from it; training exports leave it out unless --keep-degenerate)",
      ctx.where.at,
      id,
    );
  }
}
