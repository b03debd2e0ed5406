import type { TokenLogprob } from "../../src/domain/ai-judge/verdict-probability.js";
import { JudgeCallError, type JudgeReply } from "../../src/services/ai-judge/judge-port.js";

interface WireLogprob {
  token?: unknown;
  logprob?: unknown;
  top_logprobs?: { token?: unknown; logprob?: unknown }[] | null;
}

interface WireCompletion {
  choices?: { message?: { content?: unknown }; finish_reason?: unknown; logprobs?: { content?: WireLogprob[] | null } | null }[];
  usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } | null;
}

const isNumber = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);

function logprobsOf(content: WireLogprob[] | null | undefined): TokenLogprob[] | undefined {
  if (!Array.isArray(content) || content.length === 0) return undefined;
  const tokens: TokenLogprob[] = [];
  for (const t of content) {
    if (typeof t.token !== "string" || !isNumber(t.logprob)) return undefined;
    const top = (t.top_logprobs ?? []).filter((a): a is { token: string; logprob: number } => typeof a.token === "string" && isNumber(a.logprob));
    tokens.push({ token: t.token, logprob: t.logprob, ...(top.length > 0 ? { topLogprobs: top.map((a) => ({ token: a.token, logprob: a.logprob })) } : {}) });
  }
  return tokens;
}

/**
 * Reads a chat completion (`choices[0].message.content`, `logprobs.content`, `usage`) as vLLM,
 * Ollama and OpenAI return it. Anything else is `malformed`, quoting the start of what came back.
 */
export function readCompletion(text: string, server: string): JudgeReply {
  let body: WireCompletion;
  try {
    body = JSON.parse(text) as WireCompletion;
  } catch {
    throw new JudgeCallError("malformed", `${server} answered 200 with something that is not JSON: ${JSON.stringify(text.trim().slice(0, 80))}`);
  }
  const choice = Array.isArray(body?.choices) ? body.choices[0] : undefined;
  if (!choice || typeof choice !== "object" || !choice.message) {
    throw new JudgeCallError("malformed", `${server} answered 200 without choices[0].message: ${JSON.stringify(text.trim().slice(0, 80))}`);
  }
  const content = choice.message.content;
  const reply: JudgeReply = { content: typeof content === "string" ? content : "" };
  const logprobs = logprobsOf(choice.logprobs?.content);
  if (logprobs) reply.logprobs = logprobs;
  if (body.usage && isNumber(body.usage.prompt_tokens) && isNumber(body.usage.completion_tokens)) {
    reply.usage = { promptTokens: body.usage.prompt_tokens, completionTokens: body.usage.completion_tokens };
  }
  if (typeof choice.finish_reason === "string") reply.finishReason = choice.finish_reason;
  return reply;
}
