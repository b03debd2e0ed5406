import { binomialTest } from "../stats/binomial.js";
import type { Choice, ScreenChoice } from "./choice.js";

/**
 * Reading takes time: nobody judges two responses faster than 2 seconds plus 100 characters a
 * second (about 20 words a second, several times a fast reader's pace). Under that, the vote
 * cannot have been an informed one.
 */
export function tooFastFloorMs(totalChars: number): number {
  return 2_000 + (totalChars / 100) * 1_000;
}

const STRAIGHT_LINE_WINDOW = 20;
const STRAIGHT_LINE_SHARE = 0.9;

/**
 * Straight-lining: over an annotator's last 20 judgments, the same choice, or the same side of the
 * screen, 90% of the time or more. For a fair A/B choice that happens by chance with p < 0.001.
 */
export function straightLining(recent: readonly { choice: Choice; screen: ScreenChoice }[]): string | undefined {
  if (recent.length < STRAIGHT_LINE_WINDOW) return undefined;
  const window = recent.slice(0, STRAIGHT_LINE_WINDOW);
  const most = (values: string[]) => {
    const counts = new Map<string, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
  };
  const [choice, byChoice] = most(window.map((r) => r.choice));
  if (byChoice / window.length >= STRAIGHT_LINE_SHARE) return `chose ${choice} in ${byChoice} of the last ${window.length} judgments`;
  const [side, bySide] = most(window.map((r) => r.screen));
  if ((side === "1" || side === "2") && bySide / window.length >= STRAIGHT_LINE_SHARE)
    return `chose Response ${side} (the same side of the screen) in ${bySide} of the last ${window.length} judgments`;
  return undefined;
}

export const POSITION_BIAS_WINDOW = 40;
/** Fewest preferences (A or B) in the window before the test says anything. */
const POSITION_BIAS_MIN = 30;
/**
 * Strict on purpose: every vote tests a sliding window again, and a flagged judgment leaves the
 * exports by default, so a fair annotator must almost never cross it (33 of 40 first-shown does).
 */
const POSITION_BIAS_ALPHA = 1e-4;

/**
 * Position bias: over an annotator's last 40 judgments, the preferences (ties and both-bad say
 * nothing of sides) go to the response shown first, or to the one shown second, more often than a
 * fair annotator would with p < 0.0001 (exact two-sided binomial test against ½). Display orders
 * are random per assignment, so a fair annotator picks the first-shown half the time whatever the
 * data. Milder than straight-lining (90% of 20), and sustained over twice the window.
 */
export function positionBias(recent: readonly { choice: Choice; screen: ScreenChoice }[]): string | undefined {
  const sides = recent.slice(0, POSITION_BIAS_WINDOW).filter((r) => r.screen === "1" || r.screen === "2");
  if (sides.length < POSITION_BIAS_MIN) return undefined;
  const first = sides.filter((r) => r.screen === "1").length;
  const p = binomialTest(first, sides.length);
  if (p >= POSITION_BIAS_ALPHA) return undefined;
  const which = first * 2 > sides.length ? "the response shown first" : "the response shown second";
  const k = first * 2 > sides.length ? first : sides.length - first;
  return `preferred ${which} in ${k} of the last ${sides.length} preferences (binomial p = ${p.toPrecision(2)} against 50%)`;
}

const NUMBER: Record<string, "1" | "2"> = { "1": "1", one: "1", first: "1", "2": "2", two: "2", second: "2" };

/**
 * A rationale that names the other response as the better one, where that can be read plainly:
 * "Response 2 is better", "I prefer the first response", "the second one is more accurate".
 * Returns the side the text prefers, or undefined when it does not say so plainly.
 */
export function preferredSideInText(text: string): "1" | "2" | undefined {
  const t = text.toLowerCase();
  const patterns = [
    /\bresponse\s*(1|2|one|two)\s+(?:is|was|seems|reads)\s+(?:much\s+|clearly\s+|far\s+|slightly\s+)?(?:better|more\s+\w+|clearer|best|preferable|superior)/,
    /\b(?:prefer|preferred|choose|chose|pick|picked)\s+(?:the\s+)?(?:response\s*(1|2|one|two)|(first|second)\s+(?:one|response|answer))/,
    /\bthe\s+(first|second)\s+(?:one|response|answer)\s+(?:is|was)\s+(?:much\s+|clearly\s+)?(?:better|more\s+\w+|clearer|best|preferable)/,
  ];
  const sides = new Set<"1" | "2">();
  for (const p of patterns) {
    for (const m of t.matchAll(new RegExp(p, "g"))) {
      const word = m.slice(1).find((g) => g !== undefined);
      const side = word ? NUMBER[word] : undefined;
      if (side) sides.add(side);
    }
  }
  return sides.size === 1 ? [...sides][0] : undefined;
}
