import { prepared } from "../../storage/prepared.js";
import { POSITION_BIAS_WINDOW, positionBias, preferredSideInText, straightLining, tooFastFloorMs } from "../../domain/anomalies.js";
import { toScreenChoice, type Choice } from "../../domain/choice.js";
import type { ServiceContext } from "../context.js";

export type AnomalyKind = "too_fast" | "straight_lining" | "position_bias" | "contradiction";

/**
 * Checks one judgment for anomalies and records each as a flag (once per kind). Flagged judgments
 * are shown to leads and left out of exports by default. Returns the kinds found now.
 */
export function detectAnomalies(ctx: ServiceContext, judgmentId: number, textChars?: number): AnomalyKind[] {
  const j = prepared(
    ctx.db,
    `SELECT j.id, j.annotator_id, j.campaign_id, j.choice, j.display_order, j.time_taken_ms, j.rationale,
              ${textChars === undefined ? "length(x.prompt) + length(x.response_a) + length(x.response_b)" : "?"} AS chars
       FROM judgments j JOIN comparisons x ON x.id = j.comparison_id WHERE j.id = ?`,
  )
    // The caller usually has the texts in hand; measuring them here would read every overflow page.
    .get(...(textChars === undefined ? [judgmentId] : [textChars, judgmentId])) as
    | {
        id: number;
        annotator_id: number;
        campaign_id: number;
        choice: Choice;
        display_order: "ab" | "ba" | null;
        time_taken_ms: number | null;
        rationale: string | null;
        chars: number;
      }
    | undefined;
  if (!j || j.display_order === null) return [];
  const found: { kind: AnomalyKind; detail: string }[] = [];
  if (j.time_taken_ms !== null) {
    const floor = tooFastFloorMs(j.chars);
    if (j.time_taken_ms < floor)
      found.push({
        kind: "too_fast",
        detail: `answered in ${(j.time_taken_ms / 1000).toFixed(1)} s; reading ${j.chars} characters takes at least ${(floor / 1000).toFixed(1)} s`,
      });
  }
  // One read serves both side checks: straight-lining looks at the newest 20 of these.
  const recent = (
    prepared(
      ctx.db,
      `SELECT choice, display_order FROM judgments WHERE annotator_id = ? AND campaign_id = ? AND display_order IS NOT NULL ORDER BY id DESC LIMIT ${POSITION_BIAS_WINDOW}`,
    ).all(j.annotator_id, j.campaign_id) as { choice: Choice; display_order: "ab" | "ba" }[]
  ).map((r) => ({ choice: r.choice, screen: toScreenChoice(r.choice, r.display_order) }));
  const straight = straightLining(recent);
  if (straight) found.push({ kind: "straight_lining", detail: straight });
  // Straight-lining already says it, more strongly, when both hold.
  const position = straight ? undefined : positionBias(recent);
  if (position) found.push({ kind: "position_bias", detail: position });
  if (j.rationale && (j.choice === "a" || j.choice === "b")) {
    const said = preferredSideInText(j.rationale);
    const voted = toScreenChoice(j.choice, j.display_order);
    if (said && said !== voted) found.push({ kind: "contradiction", detail: `the rationale prefers Response ${said} but the vote is Response ${voted}` });
  }
  const insert = prepared(
    ctx.db,
    "INSERT INTO judgment_flags (judgment_id, kind, detail, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (judgment_id, kind) DO UPDATE SET detail = excluded.detail",
  );
  const now = ctx.clock.now().getTime();
  for (const f of found) insert.run(j.id, f.kind, f.detail, now);
  // A rationale edited to agree with the vote clears an earlier contradiction flag.
  if (!found.some((f) => f.kind === "contradiction")) prepared(ctx.db, "DELETE FROM judgment_flags WHERE judgment_id = ? AND kind = 'contradiction'").run(j.id);
  return found.map((f) => f.kind);
}
