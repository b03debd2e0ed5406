import type { RubricDimension } from "../campaign-settings.js";
import { listInWords, SCREEN_CHOICES, type ScreenChoice } from "../choice.js";

/** A judge's answer to one order of asking, in the terms of that order (1 = the response shown first). */
export interface ParsedAnswer {
  verdict: ScreenChoice;
  explanation: string | null;
  /** Rubric scores by dimension, for the response shown first and second. */
  scores: Record<string, { first: number; second: number }>;
  /** How the verdict was found: the JSON object the prompt asks for, or a pattern in free text. */
  via: "json" | "text";
}

export type AnswerParse = { ok: true; answer: ParsedAnswer } | { ok: false; error: string };

const VERDICTS: Record<string, ScreenChoice> = Object.fromEntries(SCREEN_CHOICES.map((c) => [c, c]));

/** Reads a verdict the many ways models write one: "1", 2, "Response 1", "both bad", "Tie". */
export function normalizeVerdict(value: unknown): ScreenChoice | undefined {
  if (typeof value === "number") return VERDICTS[String(value)];
  if (typeof value !== "string") return undefined;
  const v = value
    .trim()
    .toLowerCase()
    .replace(/^\[+|\]+$/g, "")
    .replace(/^(response|assistant)\s*/, "")
    .replace(/[\s-]+/g, "_");
  return VERDICTS[v];
}

/** Reasoning models sometimes put their thinking in the content; the answer is what follows it. */
function withoutThinking(content: string): string {
  const end = content.lastIndexOf("</think>");
  return end >= 0 ? content.slice(end + "</think>".length) : content;
}

/** The last `{...}` that parses as JSON: the answer object, even when a model wraps it in prose or a code fence. */
function lastJsonObject(text: string): Record<string, unknown> | undefined {
  const end = text.lastIndexOf("}");
  if (end < 0) return undefined;
  for (let start = text.lastIndexOf("{", end); start >= 0; start = text.lastIndexOf("{", start - 1)) {
    try {
      const value: unknown = JSON.parse(text.slice(start, end + 1));
      if (value && typeof value === "object" && !Array.isArray(value) && "verdict" in value) return value as Record<string, unknown>;
    } catch {
      // not this brace: try the one before
    }
  }
  return undefined;
}

/** What comes before a verdict written in free text: `verdict: `, `Verdict: "`, `[[`. */
export const TEXT_VERDICT_LEAD = String.raw`(?:\bverdict\b[*"'\s]*[:=][*"'\s[]*|\[\[)\s*(?:response\s*|assistant\s*)?`;
/** `verdict: 2`, `Verdict: "tie"`, `[[1]]`. */
const TEXT_VERDICT = new RegExp(`${TEXT_VERDICT_LEAD}(1|2|tie|both[_ -]?bad)\\b`, "gi");

function scoresOf(value: unknown, rubric: readonly RubricDimension[]): ParsedAnswer["scores"] {
  const out: ParsedAnswer["scores"] = {};
  if (!value || typeof value !== "object") return out;
  for (const d of rubric) {
    const s = (value as Record<string, unknown>)[d.name] as Record<string, unknown> | undefined;
    const first = Number(s?.response_1);
    const second = Number(s?.response_2);
    if (Number.isFinite(first) && Number.isFinite(second) && first >= 1 && first <= 5 && second >= 1 && second <= 5) out[d.name] = { first, second };
  }
  return out;
}

/**
 * Parses a judge's answer: the JSON object the prompt asks for (structured output gives exactly
 * that), else a verdict written in free text. Several different verdicts in free text, or none,
 * is an error that quotes the start of the answer, so a lead sees what the server said.
 */
export function parseJudgeAnswer(content: string, rubric: readonly RubricDimension[]): AnswerParse {
  const text = withoutThinking(content);
  const json = lastJsonObject(text);
  if (json) {
    const verdict = normalizeVerdict(json.verdict);
    if (!verdict)
      return {
        ok: false,
        error: `the answer's "verdict" is ${JSON.stringify(json.verdict)}, not ${listInWords(SCREEN_CHOICES.map((c) => JSON.stringify(c)))}`,
      };
    const explanation = typeof json.explanation === "string" && json.explanation.trim() !== "" ? json.explanation.trim() : null;
    return { ok: true, answer: { verdict, explanation, scores: scoresOf(json.scores, rubric), via: "json" } };
  }
  const found = new Set([...text.matchAll(TEXT_VERDICT)].map((m) => normalizeVerdict(m[1]!)).filter((v): v is ScreenChoice => v !== undefined));
  if (found.size === 1) return { ok: true, answer: { verdict: [...found][0]!, explanation: text.trim().slice(0, 2000) || null, scores: {}, via: "text" } };
  const snippet = JSON.stringify(text.trim().slice(0, 80)) + (text.trim().length > 80 ? "…" : "");
  if (found.size > 1) return { ok: false, error: `the answer names several verdicts (${[...found].join(", ")}): ${snippet}` };
  return { ok: false, error: text.trim() === "" ? "the answer is empty" : `no verdict in the answer: ${snippet}` };
}
