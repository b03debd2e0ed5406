import { POSITION_BIAS_WINDOW, positionBias, preferredSideInText, straightLining, tooFastFloorMs } from "../../domain/anomalies.js";
import { toScreenChoice } from "../../domain/choice.js";
import type { ServiceContext } from "../context.js";
import { clearJudgmentFlag, upsertJudgmentFlag } from "../../storage/repos/judgment-flags.repo.js";
import { judgmentToCheck, recentVotesWithOrder, type JudgmentToCheck } from "../../storage/repos/quality-checks.repo.js";

export type AnomalyKind = "too_fast" | "straight_lining" | "position_bias" | "contradiction";

/**
 * Checks one judgment for anomalies and records each as a flag (once per kind). Flagged judgments
 * are shown to leads and left out of exports by default. Returns the kinds found now.
 */
export async function detectAnomalies(
  ctx: ServiceContext,
  judgmentId: number,
  textChars?: number,
  /** The judgment as inserted just now, when the caller holds it: with `textChars`, it is not read again. */
  written?: Omit<JudgmentToCheck, "chars">,
): Promise<AnomalyKind[]> {
  // The caller usually has the texts in hand; measuring them here would read every overflow page.
  const j = written && textChars !== undefined ? { ...written, chars: textChars } : await judgmentToCheck(ctx.db, judgmentId, textChars);
  if (!j || j.displayOrder === null) return [];
  const found: { kind: AnomalyKind; detail: string }[] = [];
  if (j.timeTakenMs !== null) {
    const floor = tooFastFloorMs(j.chars);
    if (j.timeTakenMs < floor)
      found.push({
        kind: "too_fast",
        detail: `answered in ${(j.timeTakenMs / 1000).toFixed(1)} s; reading ${j.chars} characters takes at least ${(floor / 1000).toFixed(1)} s`,
      });
  }
  // One read serves both side checks: straight-lining looks at the newest 20 of these.
  const recent = (await recentVotesWithOrder(ctx.db, { annotatorId: j.annotatorId, campaignId: j.campaignId, limit: POSITION_BIAS_WINDOW })).map((r) => ({
    choice: r.choice,
    screen: toScreenChoice(r.choice, r.displayOrder),
  }));
  const straight = straightLining(recent);
  if (straight) found.push({ kind: "straight_lining", detail: straight });
  // Straight-lining already says it, more strongly, when both hold.
  const position = straight ? undefined : positionBias(recent);
  if (position) found.push({ kind: "position_bias", detail: position });
  if (j.rationale && (j.choice === "a" || j.choice === "b")) {
    const said = preferredSideInText(j.rationale);
    const voted = toScreenChoice(j.choice, j.displayOrder);
    if (said && said !== voted) found.push({ kind: "contradiction", detail: `the rationale prefers Response ${said} but the vote is Response ${voted}` });
  }
  const now = ctx.clock.now().getTime();
  for (const f of found) await upsertJudgmentFlag(ctx.db, { judgmentId: j.id, kind: f.kind, detail: f.detail, at: now });
  // A rationale edited to agree with the vote clears an earlier contradiction flag (a judgment
  // written just now, `written`, has none to clear).
  if (!written && !found.some((f) => f.kind === "contradiction")) await clearJudgmentFlag(ctx.db, j.id, "contradiction");
  return found.map((f) => f.kind);
}
