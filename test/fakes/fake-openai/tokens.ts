/**
 * Pseudo-tokens for the fake's logprobs: words, digits, quotes and punctuation, each with the
 * whitespace before it, so the tokens join back to the content exactly, as a server's do.
 */
function pseudoTokens(content: string): string[] {
  return content.match(/\s*(?:[A-Za-z_]+|\d|"|[^\sA-Za-z_\d"])|\s+$/g) ?? [];
}

export interface WireToken {
  token: string;
  logprob: number;
  bytes: number[];
  top_logprobs: { token: string; logprob: number; bytes: number[] }[];
}

const bytes = (s: string) => [...Buffer.from(s, "utf8")];

/**
 * `choices[0].logprobs.content` as OpenAI, vLLM and Ollama shape it: every token near-certain
 * except the verdict's, which gets `probability` and the other options as alternatives.
 */
export function wireLogprobs(content: string, verdict: string | undefined, probability: number, top: number): WireToken[] {
  const tokens = pseudoTokens(content);
  const key = content.lastIndexOf('"verdict"');
  let offset = 0;
  let marked = false;
  return tokens.map((token) => {
    const start = offset;
    offset += token.length;
    const isVerdict = !marked && verdict !== undefined && key >= 0 && start > key + 9 && token.trim() !== '"' && token.trim() !== ":";
    if (!isVerdict) {
      const lp = Math.log(0.995);
      return { token, logprob: lp, bytes: bytes(token), top_logprobs: top > 0 ? [{ token, logprob: lp, bytes: bytes(token) }] : [] };
    }
    marked = true;
    const options = ["1", "2", "tie", "both"].filter((o) => !verdict.startsWith(o));
    const rest = (1 - probability) / options.length;
    const alternatives = [{ token, logprob: Math.log(probability) }, ...options.map((o) => ({ token: o, logprob: Math.log(Math.max(rest, 1e-9)) }))].slice(
      0,
      Math.max(1, top),
    );
    return {
      token,
      logprob: Math.log(probability),
      bytes: bytes(token),
      top_logprobs: top > 0 ? alternatives.map((a) => ({ ...a, bytes: bytes(a.token) })) : [],
    };
  });
}
