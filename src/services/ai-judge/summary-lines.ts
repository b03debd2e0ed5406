import type { PrescoreSummary } from "./run-tally.js";

const n = (x: number) => x.toLocaleString("en-US");
const share = (part: number, whole: number) => (whole > 0 ? `${Math.round((100 * part) / whole)}%` : "n/a");

/** A pre-scoring run's outcome in a few lines, the same in the terminal and in chat. */
export function prescoreSummaryLines(s: PrescoreSummary, maxFailures = 10): string[] {
  const judge = `${s.model} (prompt ${s.promptVersion})`;
  if (s.dryRun) {
    const e = s.estimate!;
    if (e.pairs === 0) return [`Nothing to score in ${s.campaign}: every regular pair has a verdict from ${judge}.`];
    return [
      `Dry run for ${s.campaign} with ${judge}: ${n(e.pairs)} pairs to score, ${n(e.requests)} requests (both orders of each pair).`,
      `Estimated tokens: about ${n(e.promptTokens)} prompt (four characters a token) and at most ${n(e.completionTokensMax)} completion (aiJudge.maxTokens a request). Nothing was sent.`,
    ];
  }
  if (s.planned === 0) return [`Nothing to score in ${s.campaign}: every regular pair has a verdict from ${judge}.`];
  const rate = s.seconds > 0 ? ` (${(s.scored / s.seconds).toFixed(1)} pairs/s)` : "";
  const lines = [`Pre-scored ${n(s.scored)} of ${n(s.planned)} pairs of ${s.campaign} with ${judge} at ${s.server} in ${s.seconds.toFixed(1)} s${rate}.`];
  if (s.scored > 0) {
    lines.push(
      `Both orders agreed on ${n(s.ordersAgreed)} (${share(s.ordersAgreed, s.scored)}). Routed: ${n(s.routes.borderline)} borderline (more humans), ${n(s.routes.neutral)} unchanged, ${n(s.routes.confident)} confident.`,
    );
  }
  lines.push(
    `Tokens: ${n(s.promptTokens)} prompt + ${n(s.completionTokens)} completion = ${n(s.promptTokens + s.completionTokens)}, in ${n(s.requests)} requests (${n(s.retries)} retries).`,
  );
  if (s.failed > 0) {
    lines.push(
      `${s.failed === 1 ? "1 pair" : `${n(s.failed)} pairs`} failed; ${s.failed === 1 ? "it stays" : "they stay"} unscored and the next run asks for ${s.failed === 1 ? "it" : "them"} again:`,
    );
    for (const f of s.failures.slice(0, maxFailures)) lines.push(`  ${f.item}: ${f.error}`);
    if (s.failed > maxFailures) lines.push(`  … and ${n(s.failed - maxFailures)} more.`);
  }
  if (s.stopped) lines.push(`Stopped early: ${s.stopped}. What was stored stays; run prescore again to resume.`);
  for (const note of s.notes) lines.push(`Note: ${note}.`);
  return lines;
}
