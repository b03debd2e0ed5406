import type { Command } from "commander";
import type { Config } from "../../config.js";
import { PairwiseError } from "../../errors.js";
import type { PrescoreSummary } from "../../services/ai-judge/prescore-campaign.js";
import type { ServiceContext } from "../../services/context.js";
import { cliOutput, withCliContext } from "../context.js";
import type { CliDeps } from "../judge-port.js";
import { createProgress } from "../progress.js";

const HELP = `
Asks the AI judge (PAIRWISE_JUDGE_URL, PAIRWISE_JUDGE_MODEL, optional PAIRWISE_JUDGE_API_KEY, or
the campaign file's aiJudge: block) about every regular pair it has not scored: both orders, so
position bias cancels. Verdicts are stored as judgments with source "ai" (never counted as a
person's) and route the pairs: borderline pairs get more human judgments, confident ones fewer
when aiJudge.confidentOverlap says so. Answers are stored as they arrive: a run stopped by Ctrl-C,
a crash or a kill resumes where it left off and never asks for an answer it already has.

Example: pairwise prescore helpfulness-v1 --limit 100
         pairwise prescore helpfulness-v1 --dry-run`;

function positiveInt(flag: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new PairwiseError("VALIDATION", `${flag} must be a positive whole number, got "${v}".`);
    return n;
  };
}

/**
 * Runs prescoring for the CLI: a progress bar on a terminal, Ctrl-C stops cleanly (what was
 * stored stays), the summary at the end. Shared by `prescore` and `import --prescore`.
 */
export async function runPrescoreCli(
  ctx: ServiceContext,
  config: Config,
  deps: CliDeps,
  input: { campaign: string; limit?: number; dryRun?: boolean; batchId?: number },
): Promise<PrescoreSummary> {
  // Loaded on use, like every command's implementation: `pairwise --help` stays quick.
  const [{ prescoreCampaign }, { prescoreSummaryLines }] = await Promise.all([
    import("../../services/ai-judge/prescore-campaign.js"),
    import("../../services/ai-judge/summary-lines.js"),
  ]);
  const judge = !input.dryRun && config.judge ? deps.openJudge?.(config.judge) : undefined;
  if (!input.dryRun && config.judge && !judge) throw new PairwiseError("CONFIG", "This build of the CLI has no AI judge adapter.");
  const progress = createProgress("Pre-scoring", "pairs");
  const stop = new AbortController();
  // Ctrl-C reaches this process twice through tsx (from the terminal and relayed), and a stop is
  // quick (requests in flight are abandoned), so later ones are ignored rather than killing the
  // process before it records where it stopped.
  const onSigint = () => {
    if (stop.signal.aborted) return;
    cliOutput.err("\nStopping: requests in flight are abandoned; what was stored stays. Run again to resume.");
    stop.abort();
  };
  process.on("SIGINT", onSigint);
  try {
    const summary = await prescoreCampaign(
      ctx,
      {
        campaign: input.campaign,
        requestedBy: "cli",
        ...(input.limit ? { limit: input.limit } : {}),
        ...(input.dryRun ? { dryRun: true } : {}),
        ...(input.batchId ? { batchId: input.batchId } : {}),
      },
      {
        judge,
        defaultModel: config.judge?.model,
        signal: stop.signal,
        onProgress: (p) => progress.update(p.done, p.planned, `· ${p.failed} failed · ${(p.promptTokens + p.completionTokens).toLocaleString("en-US")} tokens`),
      },
    );
    progress.stop();
    for (const line of prescoreSummaryLines(summary)) cliOutput.out(line);
    return summary;
  } finally {
    progress.stop();
    process.removeListener("SIGINT", onSigint);
  }
}

/** A run that left pairs unscored ends the command with an error (exit 1), after its summary. */
export function failIfIncomplete(summary: PrescoreSummary): void {
  if (summary.stopped) throw new PairwiseError("JUDGE", `pre-scoring stopped early (${summary.scored} of ${summary.planned} pairs scored): ${summary.stopped}`);
  if (summary.failed > 0)
    throw new PairwiseError(
      "JUDGE",
      `${summary.failed} of ${summary.planned} pairs failed (listed above); run \`pairwise prescore ${summary.campaign}\` again to retry them.`,
    );
}

export function registerPrescoreCommand(program: Command, deps: CliDeps): void {
  program
    .command("prescore <campaign>")
    .description("Pre-score a campaign's pairs with the AI judge (both orders), route them, and report judge vs human")
    .option("--limit <n>", "score at most n pairs (the oldest unscored first)", positiveInt("--limit"))
    .option("--dry-run", "count the requests and estimate the tokens; send nothing, write nothing")
    .option("--no-report", "do not print the judge-vs-human report after the run")
    .addHelpText("after", HELP)
    .action(async (campaign: string, options: { limit?: number; dryRun?: boolean; report: boolean }) => {
      await withCliContext(async (ctx, config) => {
        const summary = await runPrescoreCli(ctx, config, deps, {
          campaign,
          ...(options.limit ? { limit: options.limit } : {}),
          ...(options.dryRun ? { dryRun: true } : {}),
        });
        if (!summary.dryRun && options.report && summary.scored > 0) {
          const { buildReport, reportText } = await import("../../services/reports/index.js");
          cliOutput.out("");
          cliOutput.out(reportText(await buildReport(ctx, campaign, "judge")));
        }
        failIfIncomplete(summary);
      });
    });
}
