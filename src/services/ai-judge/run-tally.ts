import { performance } from "node:perf_hooks";
import type { Route } from "../../domain/ai-judge/routing.js";
import { addRunProgress, finishRun } from "../../storage/repos/prescore-runs.repo.js";
import { withTransaction, type ServiceContext } from "../context.js";
import type { JudgeSession } from "./ask-order.js";
import { PRESCORE_WRITE } from "./record-verdict.js";
import type { PairOutcome } from "./score-pair.js";

/** What a run did; the same record for the terminal, chat and the prescore_runs row. */
export interface PrescoreSummary {
  campaign: string;
  model: string;
  promptVersion: string;
  dryRun: boolean;
  /** Pairs this run set out to score. */
  planned: number;
  estimate?: { pairs: number; requests: number; promptTokens: number; completionTokensMax: number };
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

export function emptySummary(base: Pick<PrescoreSummary, "campaign" | "model" | "promptVersion" | "planned" | "dryRun">): PrescoreSummary {
  return {
    ...base,
    scored: 0,
    failed: 0,
    skipped: 0,
    failures: [],
    ordersAgreed: 0,
    routes: { borderline: 0, neutral: 0, confident: 0 },
    requests: 0,
    retries: 0,
    promptTokens: 0,
    completionTokens: 0,
    seconds: 0,
    notes: [],
  };
}

/**
 * Keeps a running run's summary: counts outcomes, trips the breaker (a fatal refusal, or a run of
 * transport failures) by calling `halt`, writes progress to the run's row after every pair (its
 * heartbeat), and ends the row with the run's status.
 */
export function createRunTally(
  ctx: ServiceContext,
  input: { summary: PrescoreSummary; runId: number; session: JudgeSession; breakerAt: number; halt: (why: string) => void },
) {
  const { summary, session } = input;
  const started = performance.now();
  const flushed = { requests: 0, retries: 0, promptTokens: 0, completionTokens: 0, scored: 0, failed: 0 };
  let failedInARow = 0;

  const stop = (why: string) => {
    if (summary.stopped) return;
    summary.stopped = why;
    input.halt(why);
  };

  return {
    take(outcome: PairOutcome): void {
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
        if (FATAL.includes(outcome.failure)) stop(`the server refused the run: ${outcome.error}`);
        else if (failedInARow >= input.breakerAt)
          stop(`${failedInARow} pairs in a row failed to reach an answer (${outcome.error}); the server looks down or overloaded`);
      } else if (outcome.kind === "skipped") summary.skipped++;
    },

    async flush(): Promise<void> {
      const c = session.counters;
      const delta = {
        requests: c.requests - flushed.requests,
        retries: c.retries - flushed.retries,
        promptTokens: c.promptTokens - flushed.promptTokens,
        completionTokens: c.completionTokens - flushed.completionTokens,
        scored: summary.scored - flushed.scored,
        failed: summary.failed - flushed.failed,
      };
      Object.assign(flushed, c, { scored: summary.scored, failed: summary.failed });
      await withTransaction(ctx, async () => await addRunProgress(ctx.db, input.runId, delta, ctx.clock.now()), PRESCORE_WRITE);
    },

    /** Closes the run: totals, notes, and the row's status (done, interrupted on request, failed when the breaker tripped). */
    async finish(stoppedOnRequest: boolean): Promise<PrescoreSummary> {
      if (stoppedOnRequest && !summary.stopped) summary.stopped = "stopped on request";
      if (session.sawAnswer && !session.sawLogprobs && session.settings.logprobs && session.accepts.logprobs) {
        session.notes.add(`${session.port.server} returned no logprobs: confidence is the agreement of the two orders alone`);
      }
      summary.notes = [...session.notes];
      Object.assign(summary, {
        requests: session.counters.requests,
        retries: session.counters.retries,
        promptTokens: session.counters.promptTokens,
        completionTokens: session.counters.completionTokens,
      });
      summary.seconds = (performance.now() - started) / 1000;
      await this.flush();
      const status = summary.stopped === undefined ? "done" : stoppedOnRequest ? "interrupted" : "failed";
      // Durable: it fsyncs the run's earlier writes with it, so what the summary reports is on disk.
      await withTransaction(
        ctx,
        async () =>
          await finishRun(ctx.db, input.runId, {
            status,
            errors: summary.failures,
            note: summary.stopped ?? (summary.notes.join("; ") || null),
            at: ctx.clock.now(),
          }),
      );
      return summary;
    },
  };
}
