import { parseJudgeAnswer, type ParsedAnswer } from "../../domain/ai-judge/answer.js";
import { answerSchema } from "../../domain/ai-judge/prompt.js";
import type { AiJudgeSettings } from "../../domain/ai-judge/settings.js";
import { verdictProbability } from "../../domain/ai-judge/verdict-probability.js";
import type { RubricDimension } from "../../domain/campaign-settings.js";
import { JudgeCallError, type JudgeFailureKind, type JudgePort, type JudgeReply } from "./judge-port.js";
import { sleep, type Pacer } from "./pacer.js";

/** Failures worth asking again: the server may answer next time. */
const RETRYABLE: readonly JudgeFailureKind[] = ["unreachable", "timeout", "rate_limited", "server_error"];
/** Alternatives asked per token position when logprobs are on. */
const TOP_LOGPROBS = 5;

/** What one run shares across its requests: the server, pacing, what the server accepts, and the bill. */
export interface JudgeSession {
  port: JudgePort;
  pacer: Pacer;
  model: string;
  settings: AiJudgeSettings;
  rubric: readonly RubricDimension[];
  /** Options the server turned out to accept; switched off once it refuses one, for the rest of the run. */
  accepts: { schema: boolean; logprobs: boolean };
  /** Whether any answer came back at all, and whether one came with logprobs (a server may ignore the request silently). */
  sawAnswer: boolean;
  sawLogprobs: boolean;
  counters: { requests: number; retries: number; promptTokens: number; completionTokens: number };
  /** Said once per run: fallbacks taken, options the server ignored. */
  notes: Set<string>;
  random: () => number;
  /** First retry waits about this long, doubling up to 30 s, when the server gives no Retry-After. */
  backoffBaseMs: number;
  signal: AbortSignal;
}

export type OrderOutcome =
  | { ok: true; answer: ParsedAnswer; probability: number | undefined; reply: JudgeReply; raw: string; latencyMs: number; structured: boolean }
  | { ok: false; kind: JudgeFailureKind | "nonsense"; error: string };

function backoff(session: JudgeSession, attempt: number): number {
  const base = Math.min(30_000, session.backoffBaseMs * 2 ** attempt);
  return Math.round(base * (0.5 + session.random() / 2));
}

/**
 * Asks the judge one order of a pair, with the run's pacing. Retries 429, 5xx, timeouts and
 * refused connections with exponential backoff (or the server's Retry-After, which also pauses
 * the whole run), up to `aiJudge.retries` times. A server that refuses JSON-schema output or
 * logprobs is asked again without them, once for the run. An answer without a readable verdict is
 * `nonsense`: reported for the pair, not retried.
 */
export async function askOrder(session: JudgeSession, messages: { role: "system" | "user"; content: string }[]): Promise<OrderOutcome> {
  const { settings } = session;
  for (let attempt = 0; ; ) {
    let release: () => void;
    try {
      release = await session.pacer.acquire(session.signal);
    } catch {
      return { ok: false, kind: "aborted", error: "the run was stopped" };
    }
    // Decided once the request may start, so it uses what the server refused meanwhile.
    const structured = settings.structuredOutput && session.accepts.schema;
    const withLogprobs = settings.logprobs && session.accepts.logprobs;
    const started = Date.now();
    let reply: JudgeReply | undefined;
    let failure: JudgeCallError | undefined;
    try {
      reply = await session.port.complete({
        model: session.model,
        messages,
        temperature: settings.temperature,
        maxTokens: settings.maxTokens,
        timeoutMs: settings.timeoutSeconds * 1000,
        signal: session.signal,
        ...(structured ? { schema: { name: "pairwise_verdict", schema: answerSchema(session.rubric) } } : {}),
        ...(withLogprobs ? { topLogprobs: TOP_LOGPROBS } : {}),
      });
    } catch (error) {
      failure = error instanceof JudgeCallError ? error : new JudgeCallError("malformed", (error as Error).message);
      // Paused before this request's slot is released, so no other request slips in before the wait.
      if (failure.retryAfterMs !== undefined && RETRYABLE.includes(failure.kind)) session.pacer.pauseFor(failure.retryAfterMs);
    } finally {
      release();
      session.counters.requests++;
    }
    if (reply) return readReply(session, reply, structured, Date.now() - started);

    const error = failure!;
    if (error.kind === "unsupported_option" && error.option === "response_format" && structured) {
      session.accepts.schema = false;
      session.notes.add(`${session.port.server} refused JSON-schema output; answers are read from text instead`);
      continue;
    }
    if (error.kind === "unsupported_option" && error.option === "logprobs" && withLogprobs) {
      session.accepts.logprobs = false;
      session.notes.add(`${session.port.server} refused logprobs; confidence is the agreement of the two orders alone`);
      continue;
    }
    if (RETRYABLE.includes(error.kind) && attempt < settings.retries) {
      attempt++;
      session.counters.retries++;
      const wait = error.retryAfterMs ?? backoff(session, attempt - 1);
      try {
        await sleep(wait, session.signal);
      } catch {
        return { ok: false, kind: "aborted", error: "the run was stopped" };
      }
      continue;
    }
    const tries = attempt > 0 ? ` (after ${attempt + 1} attempts)` : "";
    return { ok: false, kind: error.kind, error: `${error.message}${tries}` };
  }
}

function readReply(session: JudgeSession, reply: JudgeReply, structured: boolean, latencyMs: number): OrderOutcome {
  if (reply.usage) {
    session.counters.promptTokens += reply.usage.promptTokens;
    session.counters.completionTokens += reply.usage.completionTokens;
  }
  session.sawAnswer = true;
  const parsed = parseJudgeAnswer(reply.content, session.rubric);
  if (!parsed.ok) {
    const cut = reply.finishReason === "length" ? ` (the answer ran out of tokens: raise aiJudge.maxTokens, now ${session.settings.maxTokens})` : "";
    return { ok: false, kind: "nonsense", error: `${parsed.error}${cut}` };
  }
  if (reply.logprobs) session.sawLogprobs = true;
  const probability = verdictProbability(reply.logprobs, parsed.answer.verdict);
  return { ok: true, answer: parsed.answer, probability, reply, raw: reply.content, latencyMs, structured };
}
