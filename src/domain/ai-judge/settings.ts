import { z } from "zod";

/** When annotators see the judge's verdict: never (no anchoring), after their vote, or as a suggestion before it. */
export const JUDGE_SHOW_MODES = ["never", "after_vote", "before_vote"] as const;
export type JudgeShowMode = (typeof JUDGE_SHOW_MODES)[number];

/** Placeholders a prompt template may use; the first three are required. */
const TEMPLATE_PLACEHOLDERS = ["prompt", "response_1", "response_2", "guidelines", "rubric"] as const;
const REQUIRED_PLACEHOLDERS = TEMPLATE_PLACEHOLDERS.slice(0, 3);
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/** The placeholders a template names, in order of first use. */
function templatePlaceholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

const PromptTemplate = z
  .string()
  .min(1)
  .max(20_000)
  .superRefine((template, ctx) => {
    const used = templatePlaceholders(template);
    const unknown = used.filter((p) => !(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(p));
    const known = TEMPLATE_PLACEHOLDERS.map((p) => `{{${p}}}`).join(", ");
    if (unknown.length > 0)
      ctx.addIssue({ code: "custom", message: `unknown placeholder ${unknown.map((p) => `{{${p}}}`).join(", ")}; a template may use ${known}` });
    const missing = REQUIRED_PLACEHOLDERS.filter((p) => !used.includes(p));
    if (missing.length > 0)
      ctx.addIssue({
        code: "custom",
        message: `the template must show the judge ${missing.map((p) => `{{${p}}}`).join(", ")} (it may also use {{guidelines}} and {{rubric}})`,
      });
  });

/**
 * How a pre-scored pair changes the number of human judgments it gets. Confidence is the judge's
 * (0–1, see combine.ts): a pair whose two orders disagree, or whose confidence is under
 * `borderlineBelow`, is borderline; orders agreeing at `confidentAt` or more make it confident.
 */
const Routing = z
  .object({
    confidentAt: z.number().min(0).max(1).default(0.9),
    borderlineBelow: z.number().min(0).max(1).default(0.6),
    /** Human judgments added to a borderline pair (capped by the campaign's maxOverlap). */
    borderlineExtra: z.number().int().min(0).max(10).default(1),
  })
  .strict()
  .refine((r) => r.borderlineBelow <= r.confidentAt, {
    message: "must not be above routing.confidentAt (a pair cannot be borderline and confident at once)",
    path: ["borderlineBelow"],
  });

/** The campaign file's `aiJudge:` block. The server comes from PAIRWISE_JUDGE_URL; everything else can be set here. */
export const AiJudgeSettings = z
  .object({
    /** Overrides PAIRWISE_JUDGE_MODEL for this campaign. */
    model: z.string().min(1).max(200).optional(),
    /** The user message shown to the judge; the default is an MT-Bench-style pairwise prompt. */
    promptTemplate: PromptTemplate.optional(),
    temperature: z.number().min(0).max(2).default(0),
    /** Most tokens one answer may take (explanation, rubric scores, verdict). */
    maxTokens: z.number().int().min(16).max(32_768).default(800),
    /** Requests in flight at once. */
    concurrency: z.number().int().min(1).max(64).default(4),
    /** A cap on requests started per minute, for servers with a quota. */
    requestsPerMinute: z.number().int().min(1).max(100_000).optional(),
    /** A request with no answer after this long is abandoned (and retried). */
    timeoutSeconds: z.number().min(1).max(900).default(120),
    /** Attempts after the first on 429, 5xx, timeouts and refused connections. */
    retries: z.number().int().min(0).max(10).default(4),
    /** Ask for JSON-schema output (`response_format`); a server that refuses it is asked for text. */
    structuredOutput: z.boolean().default(true),
    /** Ask for `logprobs`, so confidence includes the verdict token's probability where the server gives it. */
    logprobs: z.boolean().default(true),
    routing: Routing.prefault({}),
    /** Human judgments a confident pair needs (e.g. 1 to confirm); unset keeps the campaign's overlap. */
    confidentOverlap: z.number().int().min(0).max(25).optional(),
    /** The judge's verdict takes one slot of a pair's overlap (never on borderline pairs). */
    countsTowardOverlap: z.boolean().default(false),
    show: z.enum(JUDGE_SHOW_MODES).default("never"),
  })
  .strict();
export type AiJudgeSettings = z.infer<typeof AiJudgeSettings>;

/** The settings of a campaign without an `aiJudge:` block: prescoring still works, with these defaults. */
export const DEFAULT_AI_JUDGE: AiJudgeSettings = AiJudgeSettings.parse({});
