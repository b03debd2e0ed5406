import type { PrescoreProgress, PrescoreSummary } from "../../services/ai-judge/prescore-campaign.js";
import { prescoreSummaryLines } from "../../services/ai-judge/summary-lines.js";
import type { DispatchDeps } from "../dispatch-context.js";
import type { MessageRef, PlatformName, UserRef } from "../platform.js";
import type { MessageView } from "../views.js";

/** Edits of the progress message are spaced at least this far apart (platform rate limits; a readable pace). */
const MIN_INTERVAL_MS = 3000;

function bar(done: number, total: number): string {
  const filled = total > 0 ? Math.round((10 * done) / total) : 10;
  return `${"▓".repeat(filled)}${"░".repeat(10 - filled)}`;
}

function progressView(run: { campaign: string; model: string }, p: PrescoreProgress): MessageView {
  const percent = p.planned > 0 ? Math.floor((100 * p.done) / p.planned) : 100;
  const line = `\`${bar(p.done, p.planned)}\` ${percent}% · ${p.done.toLocaleString("en-US")} of ${p.planned.toLocaleString("en-US")} pairs · ${p.failed} failed · ${(p.promptTokens + p.completionTokens).toLocaleString("en-US")} tokens`;
  return {
    text: `Pre-scoring ${run.campaign}: ${percent}%`,
    blocks: [
      { type: "header", text: `Pre-scoring ${run.campaign}` },
      { type: "text", text: line },
      { type: "context", text: `AI judge ${run.model} · both orders of every pair · votes are not held up` },
    ],
  };
}

function finalView(summary: PrescoreSummary): MessageView {
  const lines = prescoreSummaryLines(summary, 5);
  const title = summary.stopped ? `Pre-scoring ${summary.campaign}: stopped` : `Pre-scoring ${summary.campaign}: done`;
  return {
    text: `${title}. ${lines[0] ?? ""}`,
    tone: summary.stopped || summary.failed > 0 ? "warning" : "success",
    blocks: [
      { type: "header", text: title },
      ...lines.map((line) => ({ type: "text" as const, text: line.slice(0, 2000) })),
      { type: "context", text: `Judge vs humans: /pairwise report ${summary.campaign} judge` },
    ],
  };
}

/**
 * The chat side of a run: a direct message to the lead who started it, edited as pairs are scored
 * (at most every 3 s) and replaced by the summary at the end. Failures to post or edit are logged
 * and never touch the run.
 */
export function progressMessage(deps: DispatchDeps, who: { platform: PlatformName; user: UserRef }, run: { campaign: string; model: string; planned: number }) {
  const platform = deps.platforms.get(who.platform);
  const log = (what: string) => (error: unknown) => deps.logger.warn({ err: error, campaign: run.campaign }, what);
  const start: PrescoreProgress = { planned: run.planned, done: 0, scored: 0, failed: 0, requests: 0, promptTokens: 0, completionTokens: 0 };
  const ref: Promise<MessageRef | undefined> = platform
    ? platform
        .postMessage({ kind: "direct", user: who.user }, progressView(run, start))
        .catch((e: unknown) => (log("could not post the pre-scoring progress")(e), undefined))
    : Promise.resolve(undefined);
  let chain: Promise<void> = Promise.resolve();
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let latest: PrescoreProgress | undefined;
  let finished = false;

  const send = (view: MessageView) => {
    chain = chain.then(async () => {
      const message = await ref;
      if (message && platform) await platform.updateMessage(message, view).catch(log("could not update the pre-scoring progress"));
    });
  };
  const flush = () => {
    timer = undefined;
    if (finished || !latest) return;
    last = Date.now();
    send(progressView(run, latest));
  };
  return {
    update(progress: PrescoreProgress): void {
      latest = progress;
      if (timer || finished) return;
      timer = setTimeout(flush, Math.max(0, last + MIN_INTERVAL_MS - Date.now()));
    },
    finish(summary: PrescoreSummary): Promise<void> {
      finished = true;
      if (timer) clearTimeout(timer);
      send(finalView(summary));
      return chain;
    },
    fail(error: unknown): Promise<void> {
      finished = true;
      if (timer) clearTimeout(timer);
      send({
        text: `Pre-scoring ${run.campaign} failed`,
        tone: "danger",
        blocks: [
          {
            type: "text",
            text: `Pre-scoring ${run.campaign} stopped on an error: ${(error as Error).message}. What was stored stays; \`/pairwise prescore ${run.campaign}\` resumes.`,
          },
        ],
      });
      return chain;
    },
  };
}
