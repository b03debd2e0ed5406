import { z } from "zod";
import { PairwiseError } from "../../errors.js";
import { ensureJudgeAnnotator } from "../../storage/repos/ai-judgments.repo.js";
import { latestGuidelineVersion } from "../../storage/repos/campaigns.repo.js";
import { withTransaction, type ServiceContext } from "../context.js";
import type { JudgeSession } from "./ask-order.js";
import type { JudgePort } from "./judge-port.js";
import { createPacer } from "./pacer.js";
import { estimatePrescore, judgeOf, pairsToScore } from "./prescore-plan.js";
import { acquireRun } from "./run-lock.js";
import { createRunTally, emptySummary, type PrescoreSummary } from "./run-tally.js";
import { scorePair } from "./score-pair.js";

export type { PrescoreSummary } from "./run-tally.js";

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

/** A run that has started: what it set out to do, and its outcome to come. */
export interface PrescoreJob {
  campaign: string;
  model: string;
  planned: number;
  done: Promise<PrescoreSummary>;
}

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
  return (await beginPrescore(ctx, input, deps)).done;
}

/**
 * Starts a run and returns at once: the checks (campaign, model, server, the one-run lock) happen
 * now and throw now, so a chat command can answer them; the scoring goes on in `done`.
 */
export async function beginPrescore(ctx: ServiceContext, input: PrescoreInput, deps: PrescoreDeps = {}): Promise<PrescoreJob> {
  const request = PrescoreInput.parse(input);
  const judge = await judgeOf(ctx, request.campaign, deps.defaultModel);
  const plan = await pairsToScore(ctx, judge, { limit: request.limit, batchId: request.batchId });
  const job = { campaign: judge.campaign.name, model: judge.model, planned: plan.pairs.length };
  const base = { ...job, promptVersion: judge.promptVersion };
  if (request.dryRun)
    return { ...job, done: Promise.resolve({ ...emptySummary({ ...base, dryRun: true }), estimate: await estimatePrescore(ctx, judge, plan) }) };
  const port = deps.judge;
  if (!port) {
    throw new PairwiseError(
      "CONFIG",
      "The AI judge is not configured: set PAIRWISE_JUDGE_URL to an OpenAI-compatible server's base URL (for example http://127.0.0.1:8000/v1 for vLLM or http://127.0.0.1:11434/v1 for Ollama) and PAIRWISE_JUDGE_MODEL.",
    );
  }
  const judgeId = await withTransaction(ctx, async () => await ensureJudgeAnnotator(ctx.db, judge, ctx.clock.now()));
  const { run } = await acquireRun(ctx, { campaign: judge.campaign, judgeId, requestedBy: request.requestedBy, planned: plan.pairs.length });

  const stop = new AbortController();
  const onOuterAbort = () => stop.abort();
  deps.signal?.addEventListener("abort", onOuterAbort, { once: true });
  const session: JudgeSession = {
    port,
    pacer: createPacer({ concurrency: judge.ai.concurrency, requestsPerMinute: judge.ai.requestsPerMinute }),
    model: judge.model,
    settings: judge.ai,
    rubric: judge.settings.rubric,
    accepts: { schema: true, logprobs: true },
    sawAnswer: false,
    sawLogprobs: false,
    counters: { requests: 0, retries: 0, promptTokens: 0, completionTokens: 0 },
    notes: new Set(),
    random: ctx.random,
    backoffBaseMs: deps.backoffBaseMs ?? 500,
    signal: stop.signal,
  };
  const guideline = await latestGuidelineVersion(ctx.db, judge.campaign.id);
  const scoring = {
    ctx,
    session,
    campaignId: judge.campaign.id,
    settings: judge.settings,
    ai: judge.ai,
    judge: { id: judgeId, model: judge.model, promptVersion: judge.promptVersion },
    runId: run.id,
    guideline: guideline ? { id: guideline.id, text: guideline.text } : undefined,
  };
  const summary = { ...emptySummary({ ...base, dryRun: false }), server: port.server, runId: run.id };
  const tally = createRunTally(ctx, { summary, runId: run.id, session, breakerAt: Math.max(5, 2 * judge.ai.concurrency), halt: () => stop.abort() });

  let next = 0;
  const worker = async (): Promise<void> => {
    while (!stop.signal.aborted && next < plan.pairs.length) {
      tally.take(await scorePair(scoring, plan.pairs[next++]!));
      await tally.flush();
      const c = session.counters;
      deps.onProgress?.({
        planned: plan.pairs.length,
        done: summary.scored + summary.failed + summary.skipped,
        scored: summary.scored,
        failed: summary.failed,
        requests: c.requests,
        promptTokens: c.promptTokens,
        completionTokens: c.completionTokens,
      });
    }
  };
  const done = (async () => {
    try {
      await Promise.all(Array.from({ length: Math.min(judge.ai.concurrency, plan.pairs.length) }, worker));
    } catch (error) {
      // A bug or a database failure: stop the other workers and release the run before reporting it.
      stop.abort();
      summary.stopped ??= `an unexpected error: ${(error as Error).message}`;
      await tally.finish(false);
      throw error;
    } finally {
      deps.signal?.removeEventListener("abort", onOuterAbort);
    }
    return await tally.finish(deps.signal?.aborted ?? false);
  })();
  return { ...job, done };
}
