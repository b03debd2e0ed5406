import { PairwiseError } from "../../errors.js";
import { beginPrescore } from "../../services/ai-judge/prescore-campaign.js";
import { prescoreSummaryLines } from "../../services/ai-judge/summary-lines.js";
import type { CommandInvoked, Reply } from "../events.js";
import type { DispatchDeps } from "../dispatch-context.js";
import { progressMessage } from "../handlers/prescore-progress.js";
import { notice } from "../views.js";
import type { CommandSpec } from "./command-spec.js";

const USAGE = "<campaign> [--limit n] [--dry-run]";

const limitOf = (raw: string | undefined): number => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new PairwiseError(
      "VALIDATION",
      `The limit is a positive whole number, got "${raw ?? ""}". Example: \`/pairwise prescore helpfulness-v1 --limit 100\`.`,
    );
  return n;
};

/** Reads `<campaign> [--limit n | n] [--dry-run]` (Discord sends the limit as a bare number), naming what is wrong. */
function prescoreArgs(args: readonly string[]): { campaign: string; limit?: number; dryRun: boolean } {
  let campaign: string | undefined;
  let limit: number | undefined;
  let dryRun = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--dry-run") dryRun = true;
    else if (arg === "--limit") limit = limitOf(args[++i]);
    else if (arg.startsWith("--")) throw new PairwiseError("VALIDATION", `Unknown option ${arg}. Usage: \`/pairwise prescore ${USAGE}\`.`);
    else if (campaign === undefined) campaign = arg;
    else if (limit === undefined && /^\d+$/.test(arg)) limit = limitOf(arg);
    else throw new PairwiseError("VALIDATION", `Unexpected "${arg}". Usage: \`/pairwise prescore ${USAGE}\`.`);
  }
  if (!campaign) throw new PairwiseError("VALIDATION", `Say which campaign: \`/pairwise prescore ${USAGE}\`. \`/pairwise campaigns\` lists them.`);
  return { campaign, ...(limit ? { limit } : {}), dryRun };
}

async function runPrescore(deps: DispatchDeps, event: CommandInvoked): Promise<Reply> {
  const { campaign, limit, dryRun } = prescoreArgs(event.args);
  const requestedBy = `${event.user.platform}:${event.user.userId}`;
  const input = { campaign, requestedBy, ...(limit ? { limit } : {}) };
  if (dryRun) {
    const job = await beginPrescore(deps.services, { ...input, dryRun: true }, { defaultModel: deps.judge?.defaultModel });
    return { kind: "deferred", visibility: "private", work: async () => ({ kind: "private", view: notice(prescoreSummaryLines(await job.done).join("\n")) }) };
  }
  const judge = deps.judge;
  if (!judge)
    throw new PairwiseError(
      "CONFIG",
      "The AI judge is not configured on this bot: an admin sets PAIRWISE_JUDGE_URL (an OpenAI-compatible server, for example http://127.0.0.1:8000/v1) and PAIRWISE_JUDGE_MODEL, then restarts it.",
    );
  const stop = new AbortController();
  let progress: ReturnType<typeof progressMessage> | undefined;
  // The progress message is posted only when there is work; until then updates have nowhere to go.
  const job = await beginPrescore(deps.services, input, {
    judge: judge.port,
    defaultModel: judge.defaultModel,
    signal: stop.signal,
    onProgress: (p) => progress?.update(p),
    ...(judge.backoffBaseMs !== undefined ? { backoffBaseMs: judge.backoffBaseMs } : {}),
  });
  const message = job.planned > 0 ? progressMessage(deps, { platform: event.platform, user: event.user }, job) : undefined;
  progress = message;
  const done = job.done.then(
    (summary) => message?.finish(summary),
    (error: unknown) => {
      deps.logger.error({ err: error, campaign: job.campaign }, "pre-scoring failed");
      return message?.fail(error);
    },
  );
  judge.running.set(job.campaign, { stop, done });
  void done.finally(() => judge.running.delete(job.campaign));
  if (job.planned === 0) return { kind: "private", view: notice(`Nothing to score in ${job.campaign}: every regular pair has a verdict from ${job.model}.`) };
  return {
    kind: "private",
    view: notice(
      `Pre-scoring ${job.planned} pairs of ${job.campaign} with ${job.model}, both orders each. Progress and the summary come in a direct message; votes are not held up.`,
      "success",
    ),
  };
}

export const prescoreCommand: CommandSpec = {
  name: "prescore",
  lead: "campaign",
  usage: USAGE,
  summary: "Let the AI judge pre-score the pairs it has not scored (both orders), and route them.",
  details:
    "Borderline pairs get more human judgments, confident ones fewer when the campaign file says so (aiJudge.confidentOverlap). Resumable: a stopped run picks up where it left off. --dry-run counts the requests and estimates the tokens. Then: `/pairwise report <campaign> judge`.",
  run: runPrescore,
};
