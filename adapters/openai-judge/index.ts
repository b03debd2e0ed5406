import { JudgeCallError, type JudgePort, type JudgeReply, type JudgeRequest } from "../../src/services/ai-judge/judge-port.js";
import { httpFailure } from "./errors.js";
import { readCompletion } from "./reply.js";

export interface OpenAiJudgeOptions {
  /** The server's base URL, e.g. http://127.0.0.1:8000/v1 (vLLM) or http://127.0.0.1:11434/v1 (Ollama). */
  baseUrl: string;
  /** Sent as `Authorization: Bearer …` when set; never logged or put in a message. */
  apiKey?: string;
  fetch?: typeof fetch;
}

/** The chat-completions endpoint of a base URL; a URL that already names the endpoint is kept. */
export function completionsUrl(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, "");
  return trimmed.endsWith("/chat/completions") ? trimmed : `${trimmed}/chat/completions`;
}

/** The URL as messages show it: no credentials, no query. */
function displayUrl(baseUrl: string): string {
  try {
    const u = new URL(baseUrl);
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, "")}`;
  } catch {
    return "the judge server";
  }
}

function body(request: JudgeRequest): Record<string, unknown> {
  return {
    model: request.model,
    messages: request.messages,
    temperature: request.temperature,
    max_tokens: request.maxTokens,
    stream: false,
    ...(request.schema
      ? { response_format: { type: "json_schema", json_schema: { name: request.schema.name, schema: request.schema.schema, strict: true } } }
      : {}),
    ...(request.topLogprobs !== undefined ? { logprobs: true, top_logprobs: request.topLogprobs } : {}),
  };
}

/**
 * The AI judge port over any OpenAI-compatible chat-completions server, with plain `fetch`. It
 * translates requests and answers and classifies failures; retries, fallbacks and pacing are the
 * service's (src/services/ai-judge).
 */
export function createOpenAiJudge(options: OpenAiJudgeOptions): JudgePort {
  const url = completionsUrl(options.baseUrl);
  const server = displayUrl(options.baseUrl);
  const doFetch = options.fetch ?? fetch;
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;

  return {
    server,
    async complete(request): Promise<JudgeReply> {
      const timeout = AbortSignal.timeout(request.timeoutMs);
      const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
      let response: Response;
      let text: string;
      try {
        response = await doFetch(url, { method: "POST", headers, body: JSON.stringify(body(request)), signal });
        text = await response.text();
      } catch (error) {
        if (request.signal?.aborted) throw new JudgeCallError("aborted", "the run was stopped", { cause: error });
        if (timeout.aborted)
          throw new JudgeCallError("timeout", `${server} gave no answer within ${Number((request.timeoutMs / 1000).toFixed(1))} s (aiJudge.timeoutSeconds)`);
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        const why = cause?.code === "ECONNREFUSED" ? "connection refused: is the server running?" : (cause?.code ?? cause?.message ?? (error as Error).message);
        throw new JudgeCallError("unreachable", `cannot reach ${server}: ${why}`, { cause: error });
      }
      // A server (or a proxy before it) may quote the key back in an error; it never reaches a message.
      if (!response.ok) throw httpFailure(response.status, response.headers, options.apiKey ? text.split(options.apiKey).join("[redacted]") : text, server);
      return readCompletion(text, server);
    },
  };
}
