import { z } from "zod";
import { DIFFICULTIES, FLAGS, type CampaignSettings } from "./campaign-settings.js";
import { toStoredChoice, type DisplayOrder } from "./choice.js";

export const MAX_RATIONALE_LENGTH = 3000;

/** Form field ids, shared by the form builder and the parser so they cannot drift apart. */
export const RATIONALE_FIELDS = {
  rationale: "rationale",
  confidence: "confidence",
  difficulty: "difficulty",
  flags: "flags",
  /** `rubric.<dimension>.<1|2>`: a 1–5 score for the first or second response shown. */
  rubric: (dimension: string, position: "1" | "2") => `rubric.${dimension}.${position}`,
} as const;

export interface RationaleDetails {
  rationale: string | null;
  confidence: number | null;
  difficulty: (typeof DIFFICULTIES)[number] | null;
  flags: (typeof FLAGS)[number][];
  /** In stored terms: `{ dimension: { a, b } }`. */
  rubricScores: Record<string, { a?: number; b?: number }>;
}

const optionalInt = (min: number, max: number, what: string) =>
  z.union([z.string(), z.number(), z.undefined(), z.null()]).transform((v, ctx) => {
    if (v === undefined || v === null || v === "") return null;
    const n = typeof v === "number" ? v : Number(v);
    if (!Number.isInteger(n) || n < min || n > max) {
      ctx.addIssue({ code: "custom", message: `${what} must be a whole number from ${min} to ${max}` });
      return z.NEVER;
    }
    return n;
  });

/**
 * Validates a submitted rationale form. Returns per-field errors (keyed by form field id) rather
 * than throwing, so adapters can show them next to the inputs.
 */
export function parseRationaleForm(
  values: Record<string, string | string[] | undefined>,
  settings: Pick<CampaignSettings, "rationale" | "rubric">,
  displayOrder: DisplayOrder,
  options: { requireRubric?: boolean } = {},
): { ok: true; details: RationaleDetails } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const single = (id: string): string | undefined => {
    const v = values[id];
    return Array.isArray(v) ? v[0] : v;
  };

  const text = (single(RATIONALE_FIELDS.rationale) ?? "").trim();
  if (text.length > MAX_RATIONALE_LENGTH) {
    errors[RATIONALE_FIELDS.rationale] = `Keep the rationale under ${MAX_RATIONALE_LENGTH} characters (it has ${text.length}).`;
  } else if (settings.rationale === "required" && text.length < 10) {
    errors[RATIONALE_FIELDS.rationale] = "This campaign asks for a rationale: say in a sentence or two why you chose this answer.";
  }

  const confidence = optionalInt(1, 5, "Confidence").safeParse(single(RATIONALE_FIELDS.confidence));
  if (!confidence.success) errors[RATIONALE_FIELDS.confidence] = confidence.error.issues[0]!.message;

  const difficultyRaw = single(RATIONALE_FIELDS.difficulty);
  const difficulty = difficultyRaw ? z.enum(DIFFICULTIES).safeParse(difficultyRaw) : null;
  if (difficulty && !difficulty.success) errors[RATIONALE_FIELDS.difficulty] = `Difficulty must be one of ${DIFFICULTIES.join(", ")}.`;

  const flagsRaw = values[RATIONALE_FIELDS.flags];
  const flagList =
    flagsRaw === undefined
      ? []
      : Array.isArray(flagsRaw)
        ? flagsRaw
        : flagsRaw
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean);
  const flags = z.array(z.enum(FLAGS)).safeParse(flagList);
  if (!flags.success) errors[RATIONALE_FIELDS.flags] = `Flags must be among ${FLAGS.join(", ")}.`;

  const rubricScores: RationaleDetails["rubricScores"] = {};
  for (const dimension of settings.rubric) {
    for (const position of ["1", "2"] as const) {
      const id = RATIONALE_FIELDS.rubric(dimension.name, position);
      const score = optionalInt(1, 5, `${dimension.label ?? dimension.name} score`).safeParse(single(id));
      if (!score.success) {
        errors[id] = score.error.issues[0]!.message;
        continue;
      }
      if (score.data === null) {
        if (options.requireRubric) errors[id] = `Score ${dimension.label ?? dimension.name} from 1 to 5.`;
        continue;
      }
      const side = toStoredChoice(position, displayOrder) as "a" | "b";
      (rubricScores[dimension.name] ??= {})[side] = score.data;
    }
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    details: {
      rationale: text.length > 0 ? text : null,
      confidence: confidence.success ? confidence.data : null,
      difficulty: difficulty?.success ? difficulty.data : null,
      flags: flags.success ? flags.data : [],
      rubricScores,
    },
  };
}
