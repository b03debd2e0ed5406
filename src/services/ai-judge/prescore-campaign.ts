import { performance } from "node:perf_hooks";
import { z } from "zod";
import type { Route } from "../../domain/ai-judge/routing.js";
import { PairwiseError } from "../../errors.js";
import { ensureJudgeAnnotator } from "../../storage/repos/ai-judgments.repo.js";
import { latestGuidelineVersion } from "../../storage/repos/campaigns.repo.js";
import { addRunProgress, finishRun } from "../../storage/repos/prescore-runs.repo.js";
import { withTransaction, type ServiceContext } from "../context.js";
import type { JudgeSession } from "./ask-order.js";
import type { JudgePort } from "./judge-port.js";
import { createPacer } from "./pacer.js";
import { estimatePrescore, judgeOf, pairsToScore, type PrescoreEstimate } from "./prescore-plan.js";
import { acquireRun } from "./run-lock.js";
import { scorePair, type PairOutcome, type PairScoring } from "./score-pair.js";

export const PrescoreInput = z.object({
  campaign: z.string().min(1),
  /** Score at most this many pairs (the oldest unscored first). */
  limit: z.number().int().positive().optional(),
  /** Count the work and estimate the tokens; call no server, write nothing. */
  dryRun: z.boolean().default(false),
  /** Only the pairs of this import batch (`import --prescore`). */
  batchId: z.number().int().positive().optional(),
  /** `cli`, or platform:user. */
  requestedBy: z.string().min(1),
});
export type PrescoreInput = z.input<typeof PrescoreInput>;

export interface PrescoreProgress {
  planned: number;
  done: number;
  scored: number;
  failed: number;
  requests: number;
  promptTokens: number;
  completionTokens: number;
}

export interface PrescoreDeps {
  /** The judge server; required unless `dryRun`. */
  judge?: JudgePort | undefined;
  /** PAIRWISE_JUDGE_MODEL, used when the campaign file names no model. */
  defaultModel?: string | undefined;
  /** Stops the run: in-flight requests are abandoned, what was stored stays, the run is marked interrupted. */
  signal?: AbortSignal | undefined;
  onProgress?: (progress: PrescoreProgress) => void;
  /** First retry delay without Retry-After (default 500 ms); tests shorten it. */
  backoffBaseMs?: number;
}

export interface PrescoreSummary {
  campaign: string;
  model: string;
  promptVersion: string;
  dryRun: boolean;
  /** Pairs this run set out to score. */
  planned: number;
  estimate?: PrescoreEstimate;
  server?: string;
  runId?: number;
  scored: number;
  failed: number;
  skipped: number;
  failures: { item: string; error: string }[];
  ordersAgreed: number;
  routes: Record<Route, number>;
  requests: number;
  retries: number;
  promptTokens: number;
  completionTokens: number;
  seconds: number;
  /** Why the run stopped early, when it did. */
  stopped?: string;
  /** Fallbacks and what the server ignored, once each. */
  notes: string[];
}

/** Transport failures: this many pairs failing in a row means the server is down, not the pairs bad. */
const TRANSPORT: readonly string[] = ["unreachable", "timeout", "server_error", "rate_limited"];
/** Failures every pair would meet: the run stops at the first. */
const FATAL: readonly string[] = ["unauthorized", "not_found"];
const MAX_FAILURES_KEPT = 200;

/**
 * Pre-scores a campaign's unscored pairs with the AI judge: both orders per pair, verdicts stored
 * with provenance (source `ai`), pairs routed (more humans where the judge is unsure, fewer where
 * it is confident, as the campaign says). Runs off the vote path: network calls happen outside
 * any transaction, and each answer and verdict is stored in a short transaction of its own, so
 * votes keep their answer time and a stopped run loses nothing it was told.
 *
 * Resumable: a second run asks only for what is missing. One run per campaign at a time.
 */
export async function prescoreCampaign(ctx: ServiceContext, input: PrescoreInput, deps: PrescoreDeps = {}): Promise<PrescoreSummary> {
  const request = PrescoreInput.parse(input);
  const judge = judgeOf(ctx, request.campaign, deps.defaultModel);
  const plan = pairsToScore(ctx, judge, { limit: request.limit, batchId: request.batchId });
  const base = { campaign: judge.campaign.name, model: judge.model, promptVersion: judge.promptVersion, planned: plan.pairs.length };
  const empty = { scored: 0, failed: 0, skipped: 0, failures: [], ordersAgreed: 0, routes: { borderline: 0, neutral: 0, confident: 0 }, requests: 0, retries: 0, promptTokens: 0, completionTokens: 0, seconds: 0, notes: [] };
  if (request.dryRun) return { ...base, ...empty, dryRun: true, estimate: estimatePrescore(ctx, judge, plan) };
  if (!deps.judge) {
    throw new PairwiseError("CONFIG", "The AI judge is not configured: set PAIRWISE_JUDGE_URL to an OpenAI-compatible server's base URL (for example http://127.0.0.1:8000/v1 for vLLM or http://127.0.0.1:11434/v1 for Ollama) and PAIRWISE_JUDGE_MODEL.");
  }
  const judgeId = withTransaction(ctx, () => ensureJudgeAnnotator(ctx.db, judge, ctx.clock.now()));
  const { run } = acquireRun(ctx, { campaign: judge.campaign, judgeId, requestedBy: request.requestedBy, planned: plan.pairs.length });

  const stop = new AbortController();
  const onOuterAbort = () => stop.abort();
  deps.signal?.addEventListener("abort", onOuterAbort, { once: true });
  const session: JudgeSession = {
    port: deps.judge,
    pacer: createPacer({ concurrency: judge.ai.concurrency, requestsPerMinute: judge.ai.requestsPerMinute }),
    model: judge.model,
    settings: judge.ai,
    rubric: judge.settings.rubric,
    accepts: { schema: true, logprobs: true },
    sawLogprobs: false,
    counters: { requests: 0, retries: 0, promptTokens: 0, completionTokens: 0 },
    notes: new Set(),
    random: ctx.random,
    backoffBaseMs: deps.backoffBaseMs ?? 500,
    signal: stop.signal,
  };
  const guideline = latestGuidelineVersion(ctx.db, judge.campaign.id);
  const scoring: PairScoring = {
    ctx,
    session,
    campaignId: judge.campaign.id,
    settings: judge.settings,
    ai: judge.ai,
    judge: { id: judgeId, model: judge.model, promptVersion: judge.promptVersion },
    runId: run.id,
    guideline: guideline ? { id: guideline.id, text: guideline.text } : undefined,
  };

  const summary: PrescoreSummary = { ...base, ...empty, routes: { borderline: 0, neutral: 0, confident: 0 }, failures: [], dryRun: false, server: deps.judge.server, runId: run.id };
  const flushed = { requests: 0, retries: 0, promptTokens: 0, completionTokens: 0, scored: 0, failed: 0 };
  const flush = () => {
    const c = session.counters;
    const delta = { requests: c.requests - flushed.requests, retries: c.retries - flushed.retries, promptTokens: c.promptTokens - flushed.promptTokens, completionTokens: c.completionTokens - flushed.completionTokens, scored: summary.scored - flushed.scored, failed: summary.failed - flushed.failed };
    Object.assign(flushed, c, { scored: summary.scored, failed: summary.failed });
    withTransaction(ctx, () => addRunProgress(ctx.db, run.id, delta, ctx.clock.now()));
  };

  const started = performance.now();
  let failedInARow = 0;
  const breakerAt = Math.max(5, 2 * judge.ai.concurrency);
  const take = (outcome: PairOutcome) => {
    if (outcome.kind === "scored") {
      summary.scored++;
      summary.routes[outcome.route]++;
      if (outcome.verdict.ordersAgree) summary.ordersAgreed++;
      failedInARow = 0;
    } else if (outcome.kind === "failed") {
      summary.failed++;
      if (summary.failures.length < MAX_FAILURES_KEPT) summary.failures.push({ item: outcome.item, error: outcome.error });
      ctx.logger.warn({ item: outcome.item, error: outcome.error }, "judge failed on a pair");
      failedInARow = TRANSPORT.includes(outcome.failure) ? failedInARow + 1 : 0;
      if (FATAL.includes(outcome.failure)) halt(`the server refused the run: ${outcome.error}`);
      else if (failedInARow >= breakerAt) halt(`${failedInARow} pairs in a row failed to reach an answer (${outcome.error}); the server looks down or overloaded`);
    } else if (outcome.kind === "skipped") summary.skipped++;
  };
  const halt = (why: string) => {
    if (summary.stopped) return;
    summary.stopped = why;
    stop.abort();
  };

  let next = 0;
  const worker = async () => {
    while (!stop.signal.aborted && next < plan.pairs.length) {
      const id = plan.pairs[next++]!;
      take(await scorePair(scoring, id));
      flush();
      deps.onProgress?.({ planned: plan.pairs.length, done: summary.scored + summary.failed + summary.skipped, scored: summary.scored, failed: summary.failed, requests: session.counters.requests, promptTokens: session.counters.promptTokens, completionTokens: session.counters.completionTokens });
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(judge.ai.concurrency, plan.pairs.length) }, worker));
  } finally {
    deps.signal?.removeEventListener("abort", onOuterAbort);
    if (deps.signal?.aborted && !summary.stopped) summary.stopped = "stopped on request; run again to resume";
    if (session.counters.requests > 0 && !session.sawLogprobs && judge.ai.logprobs && session.accepts.logprobs) {
      session.notes.add(`${deps.judge.server} returned no logprobs: confidence is the agreement of the two orders alone`);
    }
    summary.notes = [...session.notes];
    Object.assign(summary, { requests: session.counters.requests, retries: session.counters.retries, promptTokens: session.counters.promptTokens, completionTokens: session.counters.completionTokens });
    summary.seconds = (performance.now() - started) / 1000;
    flush();
    const status = summary.stopped === undefined ? "done" : deps.signal?.aborted ? "interrupted" : "failed";
    finishRun(ctx.db, run.id, { status, errors: summary.failures, note: summary.stopped ?? (summary.notes.join("; ") || null), at: ctx.clock.now() });
  }
  return summary;
}
