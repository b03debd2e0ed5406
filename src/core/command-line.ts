import { PairwiseError } from "../errors.js";

/**
 * Splits a command's text into words the way a shell would: spaces separate, "double" or 'single'
 * quotes keep spaces, a backslash escapes the next character. Slack's smart quotes (“ ” ‘ ’) count
 * as quotes, since Slack clients often type them.
 */
export function splitCommandLine(text: string): string[] {
  const normalized = text.replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"').replace(/[\u2018\u2019\u201A\u201B\u2032]/g, "'");
  const words: string[] = [];
  let current = "";
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < normalized.length; i++) {
    const ch = normalized[i]!;
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === "\\" && quote === '"' && i + 1 < normalized.length) current += normalized[++i];
      else current += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === "\\" && i + 1 < normalized.length) {
      current += normalized[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(current);
      current = "";
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (quote) throw new PairwiseError("VALIDATION", `A ${quote === '"' ? "double" : "single"} quote is not closed. Close it, for example: "like this".`);
  if (inWord) words.push(current);
  return words;
}
