import { SCREEN_CHOICES, type ScreenChoice } from "../choice.js";
import { TEXT_VERDICT_LEAD } from "./answer.js";

/** One generated token as OpenAI-compatible servers report it (`choices[0].logprobs.content[i]`). */
export interface TokenLogprob {
  token: string;
  logprob: number;
  topLogprobs?: { token: string; logprob: number }[];
}

const OPTIONS: readonly ScreenChoice[] = SCREEN_CHOICES;

/** Where the verdict's value starts: after the last `"verdict": "` of a JSON answer, or at a free-text verdict. */
function verdictStart(text: string): number | undefined {
  let at: number | undefined;
  for (const m of text.matchAll(/"verdict"\s*:\s*"?/g)) at = m.index + m[0].length;
  if (at !== undefined) return at;
  for (const m of text.matchAll(new RegExp(TEXT_VERDICT_LEAD, "gi"))) at = m.index + m[0].length;
  return at;
}

/** The verdict option a token starts, if any: "1", `"2`, "t" (tie), "both" (both_bad). */
function optionOf(token: string): ScreenChoice | undefined {
  const t = token.replace(/^[\s"'*[]+/, "").toLowerCase();
  if (t === "") return undefined;
  const matches = OPTIONS.filter((o) => o.startsWith(t) || t.startsWith(o) || (o === "both_bad" && t.startsWith("both")));
  return matches.length === 1 ? matches[0] : undefined;
}

/**
 * The probability the judge gave its verdict: the token where the verdict's value starts. With
 * `top_logprobs` it is renormalized over the alternatives at that position that start a verdict
 * option (so a token that also carries a quote, or a grammar that masks other tokens, does not
 * skew it); without them it is exp(logprob) of the chosen token. Undefined when the server sent
 * no logprobs or the verdict cannot be found in them.
 */
export function verdictProbability(tokens: readonly TokenLogprob[] | undefined, verdict: ScreenChoice): number | undefined {
  if (!tokens || tokens.length === 0) return undefined;
  const text = tokens.map((t) => t.token).join("");
  const start = verdictStart(text);
  if (start === undefined) return undefined;
  let offset = 0;
  let index = -1;
  for (let i = 0; i < tokens.length; i++) {
    const end = offset + tokens[i]!.token.length;
    // The token that holds the value's first character, or (a quote token ending right there) the next one.
    if (end > start) {
      index = i;
      break;
    }
    offset = end;
  }
  const chosen = tokens[index];
  if (!chosen || !Number.isFinite(chosen.logprob)) return undefined;
  const alternatives = chosen.topLogprobs ?? [];
  let mine = 0;
  let all = 0;
  for (const alt of alternatives) {
    const option = optionOf(alt.token);
    if (!option || !Number.isFinite(alt.logprob)) continue;
    const p = Math.exp(alt.logprob);
    all += p;
    if (option === verdict) mine += p;
  }
  if (all > 0 && mine > 0) return Math.min(1, mine / all);
  return Math.min(1, Math.exp(chosen.logprob));
}
