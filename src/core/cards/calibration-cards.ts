import type { Choice } from "../../domain/choice.js";
import { distinctOpenings } from "../../domain/response-openings.js";
import { formatInZone } from "../../domain/format-time.js";
import type { CalibrationResult } from "../../services/quality/calibration.js";
import type { RoundResult, RoundRow } from "../../services/quality/calibration-rounds.js";
import { encodeAction } from "../action-ids.js";
import type { MessageView } from "../views.js";
import { guidelinesButton } from "./guidelines-card.js";

const time = (ms: number, zone: string) => formatInZone(new Date(ms), zone);

/** The channel announcement of a round, with its Start button. */
/** `timezone`: the team's (PAIRWISE_TIMEZONE), which the close time is shown in. */
export function roundAnnouncement(round: RoundRow, campaignTitle: string, timezone = "UTC"): MessageView {
  return {
    text: `Calibration round for ${campaignTitle}: ${round.itemIds.length} items, open until ${time(round.closesAt, timezone)}.`,
    blocks: [
      { type: "header", text: `Calibration round · ${campaignTitle}` },
      {
        type: "text",
        text: `${round.itemIds.length} reference items, answered privately. Open until *${time(round.closesAt, timezone)}*. Passing (Cohen's kappa against the references) keeps you qualified; everyone gets their result privately at the close.`,
      },
      { type: "actions", buttons: [{ actionId: encodeAction({ verb: "calibration_start", roundId: round.id }), label: "Start", style: "primary" }] },
    ],
  };
}

/** What the announcement becomes once the round closed: the group's summary. */
export function roundSummary(r: RoundResult, campaignTitle: string): MessageView {
  const passed = r.results.filter((x) => x.result.passed).length;
  const kappas = r.results.map((x) => x.result.kappa).sort((a, b) => a - b);
  const median = kappas.length > 0 ? kappas[Math.floor((kappas.length - 1) / 2)]! : null;
  const text = `Calibration round closed: ${r.results.length} took part, ${passed} passed${median === null ? "" : `, median kappa ${median.toFixed(2)}`}.`;
  const blocks: MessageView["blocks"] = [
    { type: "header", text: `Calibration round · ${campaignTitle} · closed` },
    { type: "text", text },
  ];
  if (r.splits.length > 0)
    blocks.push({
      type: "context",
      text: `The items where answers split most are discussed in threads below: ${r.splits.map((s) => s.externalId).join(", ")}.`,
    });
  return { text, blocks, tone: "success" };
}

/** A participant's private result; when it asks them to re-read the guidelines, it offers them. */
export function calibrationResultView(result: CalibrationResult, campaign: { id: number; title: string }, round: boolean): MessageView {
  const unfinished = result.answered < result.of;
  const verdict = result.passed
    ? "You passed and are qualified for regular items."
    : unfinished
      ? `You answered ${result.answered} of the ${result.of} items, and a calibration counts only when every item is answered. Re-read the guidelines and the discussion threads; you can calibrate again with \`/pairwise next\`.`
      : "You did not reach the bar this time. Re-read the guidelines and the discussion threads; you can try again with `/pairwise next`.";
  const text = `${round ? "Calibration round" : "Calibration"} result for ${campaign.title}: kappa ${result.kappa.toFixed(2)} (bar ${result.threshold.toFixed(2)}), ${Math.round(result.accuracy * 100)}% of ${result.answered} items matched the reference. ${verdict}`;
  const blocks: MessageView["blocks"] = [{ type: "text", text }];
  if (!result.passed) blocks.push({ type: "actions", buttons: [guidelinesButton(campaign.id)] });
  return { text, blocks, tone: result.passed ? "success" : "warning" };
}

/**
 * The discussion post for a split item: the reference, its explanation, anonymized rationale
 * excerpts. Everyone saw the pair in their own random order, so "Response 1" means different
 * texts to different readers: responses are named by their opening words, which every reader
 * can match with what they saw.
 */
export function splitDiscussion(split: RoundResult["splits"][number]): MessageView {
  const openings = distinctOpenings(split.responseA, split.responseB);
  const label = (c: Choice): string =>
    c === "a" ? `the response beginning “${openings.a}”` : c === "b" ? `the response beginning “${openings.b}”` : c === "tie" ? "a tie" : "both bad";
  const short = (c: Choice): string => (c === "a" ? `“${openings.a}”` : c === "b" ? `“${openings.b}”` : c === "tie" ? "tie" : "both bad");
  const tally = new Map<Choice, number>();
  for (const a of split.answers) tally.set(a.choice, (tally.get(a.choice) ?? 0) + 1);
  const excerpts = split.answers
    .filter((a) => a.rationale)
    .slice(0, 6)
    .map((a, i) => `• Annotator ${i + 1} (chose ${short(a.choice)}): “${a.rationale!.slice(0, 280)}${a.rationale!.length > 280 ? "…" : ""}”`);
  const text = `Item ${split.externalId}: the reference answer is ${label(split.reference)}.`;
  // Explanations are written against the stored pair ("Response A"); readers never saw those letters.
  const explanation = split.explanation.replace(/\bResponse ([AB])\b/g, (_m, x: string) => `the response beginning “${x === "A" ? openings.a : openings.b}”`);
  return {
    text,
    blocks: [
      { type: "text", text: `*${text}* ${explanation}` },
      { type: "text", text: `Answers: ${[...tally.entries()].map(([c, n]) => `${short(c)} ${n}`).join(", ")}` },
      ...(excerpts.length > 0 ? [{ type: "text" as const, text: excerpts.join("\n") }] : []),
      {
        type: "context",
        text: "Each of you saw the two responses in your own random order, so they are named here by their opening words; “Response 1” in a rationale means the writer's first.",
      },
    ],
  };
}
