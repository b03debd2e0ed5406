import type { CampaignSettings } from "../../domain/campaign-settings.js";
import { DIFFICULTIES, FLAGS } from "../../domain/campaign-settings.js";
import { screenChoiceLabel, type DisplayOrder, type ScreenChoice } from "../../domain/choice.js";
import { MAX_RATIONALE_LENGTH, RATIONALE_FIELDS, type RationaleDetails } from "../../domain/rationale.js";
import { encodeAction } from "../action-ids.js";
import type { FormField, FormView } from "../views.js";

const FLAG_LABELS: Record<(typeof FLAGS)[number], string> = {
  hallucination: "Hallucination",
  unsafe: "Unsafe content",
  sycophancy: "Sycophancy",
  refusal: "Needless refusal",
  other: "Other problem",
};

export interface RationaleFormInput {
  assignmentId: number;
  settings: Pick<CampaignSettings, "rationale" | "rubric">;
  displayOrder: DisplayOrder;
  /** The vote to record on submit, when the campaign requires a rationale with it. */
  pendingChoice?: ScreenChoice;
  /** What is stored already, so editing starts from it. */
  current?: {
    rationale?: string | null;
    confidence?: number | null;
    difficulty?: string | null;
    flags?: readonly string[];
    rubricScores?: RationaleDetails["rubricScores"];
  };
  /**
   * Which fields to include. `all` when they fit the platform's form; otherwise `main` and then
   * the rubric in pages of `pageSize` fields (`{ rubricPage }`).
   */
  part?: "all" | "main" | { rubricPage: number; pageSize: number };
  /** Typed values to put back after a validation error. */
  draft?: Record<string, string | string[] | undefined>;
}

/** The fields of the main step: rationale, confidence, difficulty, flags. */
function mainFields(input: RationaleFormInput): FormField[] {
  const c = input.current ?? {};
  const d = input.draft ?? {};
  const str = (id: string, fallback: string | undefined): string | undefined => {
    const v = d[id];
    return typeof v === "string" ? v : fallback;
  };
  const text: FormField = {
    type: "text",
    id: RATIONALE_FIELDS.rationale,
    label: input.settings.rationale === "required" ? "Why? (required)" : "Why? (optional)",
    multiline: true,
    required: input.settings.rationale === "required",
    maxLength: MAX_RATIONALE_LENGTH,
    placeholder: "What made one response better? Accuracy, helpfulness, safety…",
  };
  if (input.settings.rationale === "required") text.minLength = 10;
  const initialText = str(RATIONALE_FIELDS.rationale, c.rationale ?? undefined);
  if (initialText) text.initial = initialText;

  const confidence: FormField = {
    type: "select",
    id: RATIONALE_FIELDS.confidence,
    label: "Confidence",
    required: false,
    options: [
      { value: "1", label: "1 · a guess" },
      { value: "2", label: "2 · unsure" },
      { value: "3", label: "3 · fairly sure" },
      { value: "4", label: "4 · sure" },
      { value: "5", label: "5 · certain" },
    ],
  };
  const initialConfidence = str(RATIONALE_FIELDS.confidence, c.confidence ? String(c.confidence) : undefined);
  if (initialConfidence) confidence.initial = initialConfidence;

  const difficulty: FormField = {
    type: "select",
    id: RATIONALE_FIELDS.difficulty,
    label: "Difficulty",
    required: false,
    options: DIFFICULTIES.map((value) => ({ value, label: value[0]!.toUpperCase() + value.slice(1) })),
  };
  const initialDifficulty = str(RATIONALE_FIELDS.difficulty, c.difficulty ?? undefined);
  if (initialDifficulty) difficulty.initial = initialDifficulty;

  const flags: FormField = {
    type: "multi_select",
    id: RATIONALE_FIELDS.flags,
    label: "Flags",
    required: false,
    options: FLAGS.map((value) => ({ value, label: FLAG_LABELS[value] })),
  };
  const draftFlags = d[RATIONALE_FIELDS.flags];
  const initialFlags = Array.isArray(draftFlags) ? draftFlags : c.flags;
  if (initialFlags && initialFlags.length > 0) flags.initial = [...initialFlags];
  return [text, confidence, difficulty, flags];
}

/** One 1–5 select per rubric dimension per response, in screen terms. */
function rubricFields(input: RationaleFormInput): FormField[] {
  const fields: FormField[] = [];
  for (const dimension of input.settings.rubric) {
    for (const position of ["1", "2"] as const) {
      const side = position === "1" ? (input.displayOrder === "ab" ? "a" : "b") : input.displayOrder === "ab" ? "b" : "a";
      const stored = input.current?.rubricScores?.[dimension.name]?.[side];
      const id = RATIONALE_FIELDS.rubric(dimension.name, position);
      const draft = input.draft?.[id];
      const field: FormField = {
        type: "select",
        id,
        label: `${dimension.label ?? dimension.name} · Response ${position}`,
        required: false,
        hint: dimension.description,
        options: [1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: String(n) })),
      };
      const initial = typeof draft === "string" ? draft : stored ? String(stored) : undefined;
      if (initial) field.initial = initial;
      fields.push(field);
    }
  }
  return fields;
}

/** The rationale form for an assignment. Field ids come from RATIONALE_FIELDS so the parser reads them back. */
export function rationaleForm(input: RationaleFormInput): FormView {
  const part = input.part ?? "all";
  if (typeof part === "object") {
    const all = rubricFields(input);
    const pages = Math.max(1, Math.ceil(all.length / part.pageSize));
    const fields = all.slice(part.rubricPage * part.pageSize, (part.rubricPage + 1) * part.pageSize);
    return {
      formId: encodeAction({ verb: "rubric_form", assignmentId: input.assignmentId, page: part.rubricPage }),
      title: pages > 1 ? `Rubric ${part.rubricPage + 1} of ${pages}` : "Rubric scores",
      submitLabel: "Save",
      intro: "Score each response from 1 (poor) to 5 (excellent).",
      fields,
    };
  }
  const fields = part === "main" ? mainFields(input) : [...mainFields(input), ...rubricFields(input)];
  const formId = encodeAction(
    input.pendingChoice
      ? { verb: "rationale_form", assignmentId: input.assignmentId, choice: input.pendingChoice }
      : { verb: "rationale_form", assignmentId: input.assignmentId },
  );
  const form: FormView = {
    formId,
    title: "Your rationale",
    submitLabel: input.pendingChoice ? "Submit vote" : "Save",
    fields,
  };
  if (input.pendingChoice)
    form.intro = `You are choosing *${screenChoiceLabel(input.pendingChoice)}*. This campaign asks for a short rationale with each vote.`;
  return form;
}

/** How many rubric pages a platform with `maxFields` per form needs (0 when everything fits in one form). */
export function rubricPageCount(settings: Pick<CampaignSettings, "rubric">, maxFields: number): number {
  const rubric = settings.rubric.length * 2;
  if (4 + rubric <= maxFields) return 0;
  return Math.ceil(rubric / maxFields);
}
