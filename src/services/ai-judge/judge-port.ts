import type { TokenLogprob } from "../../domain/ai-judge/verdict-probability.js";

/** One chat-completion request to the judge, shaped by what the core needs, not by an SDK. */
export interface JudgeRequest {
  model: string;
  messages: { role: "system" | "user"; content: string }[];
  temperature: number;
  maxTokens: number;
  /** Constrain the answer to this JSON schema (OpenAI `response_format: json_schema`, vLLM and Ollama alike). */
  schema?: { name: string; schema: Record<string, unknown> };
  /** Ask for each token's log probability and this many alternatives (`logprobs`, `top_logprobs`). */
  topLogprobs?: number;
  /** The request is abandoned with a `timeout` failure after this long. */
  timeoutMs: number;
  /** Aborts the request (a run stopping); it then fails with `aborted`. */
  signal?: AbortSignal;
}

/** The judge's answer, as the server gave it. */
export interface JudgeReply {
  content: string;
  /** Per-token log probabilities, when asked for and the server returned them. */
  logprobs?: TokenLogprob[];
  usage?: { promptTokens: number; completionTokens: number };
  /** `stop`, or `length` when the answer ran out of tokens. */
  finishReason?: string;
}

/**
 * Why a call failed, so the service can decide: retry (`unreachable`, `timeout`, `rate_limited`,
 * `server_error`), ask again without an option the server refused (`unsupported_option`), stop the
 * run (`unauthorized`, `not_found`: every pair would fail the same way), or give up on the pair.
 */
export type JudgeFailureKind =
  | "unreachable"
  | "timeout"
  | "rate_limited"
  | "server_error"
  | "unsupported_option"
  | "unauthorized"
  | "not_found"
  | "bad_request"
  | "malformed"
  | "aborted";

export class JudgeCallError extends Error {
  readonly kind: JudgeFailureKind;
  readonly status: number | undefined;
  /** From `Retry-After` (429, 503): how long the server asked to wait. */
  readonly retryAfterMs: number | undefined;
  /** For `unsupported_option`: which request option the server refused. */
  readonly option: "response_format" | "logprobs" | undefined;

  constructor(
    kind: JudgeFailureKind,
    message: string,
    details: { status?: number; retryAfterMs?: number; option?: "response_format" | "logprobs"; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "JudgeCallError";
    this.kind = kind;
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
    this.option = details.option;
  }
}

/**
 * The outbound port to an AI judge: one OpenAI-compatible chat-completions server (vLLM, Ollama,
 * llama.cpp's server, OpenAI). The adapter translates; it never retries or decides.
 *
 * Deadline: `complete` settles within `timeoutMs` (or at the abort), with a reply or a
 * {@link JudgeCallError}; it never throws anything else.
 */
export interface JudgePort {
  /** The server, for messages (the base URL without credentials). */
  readonly server: string;
  complete(request: JudgeRequest): Promise<JudgeReply>;
}
