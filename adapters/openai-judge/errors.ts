import { JudgeCallError } from "../../src/services/ai-judge/judge-port.js";

/** `Retry-After` in seconds or as an HTTP date; OpenAI also sends `retry-after-ms`. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const ms = Number(headers.get("retry-after-ms"));
  if (headers.get("retry-after-ms") !== null && Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get("retry-after");
  if (value === null) return undefined;
  const seconds = Number(value);
  if (value.trim() !== "" && Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The message of an error body, in the shapes servers use: OpenAI and recent vLLM
 * `{"error": {"message"}}`, older vLLM `{"object": "error", "message"}`, Ollama's native
 * `{"error": "..."}`; otherwise the start of the text.
 */
export function errorMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: unknown; message?: unknown };
    if (typeof body.error === "string") return body.error;
    if (body.error && typeof body.error === "object" && typeof (body.error as { message?: unknown }).message === "string")
      return (body.error as { message: string }).message;
    if (typeof body.message === "string") return body.message;
  } catch {
    // not JSON: quote the text
  }
  const trimmed = text.trim();
  return trimmed === "" ? "no message" : trimmed.slice(0, 200);
}

/** Classifies an HTTP error answer; the service decides what to do about it. */
export function httpFailure(status: number, headers: Headers, text: string, server: string): JudgeCallError {
  const message = errorMessage(text);
  const said = `${server} answered ${status}: ${message}`;
  if (status === 429) return new JudgeCallError("rate_limited", said, withRetry(status, headers));
  if (status >= 500) return new JudgeCallError("server_error", said, withRetry(status, headers));
  if (status === 401 || status === 403) return new JudgeCallError("unauthorized", `${said} (check PAIRWISE_JUDGE_API_KEY)`, { status });
  if (status === 404) return new JudgeCallError("not_found", `${said} (check PAIRWISE_JUDGE_URL, which ends in /v1, and the model name)`, { status });
  if (status === 400 || status === 422) {
    if (/response_format|json_schema|guided|structured|grammar/i.test(message))
      return new JudgeCallError("unsupported_option", said, { status, option: "response_format" });
    if (/logprob/i.test(message)) return new JudgeCallError("unsupported_option", said, { status, option: "logprobs" });
  }
  return new JudgeCallError("bad_request", said, { status });
}

function withRetry(status: number, headers: Headers): { status: number; retryAfterMs?: number } {
  const after = retryAfterMs(headers);
  return after === undefined ? { status } : { status, retryAfterMs: after };
}
