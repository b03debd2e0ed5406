import type { Choice } from "../domain/choice.js";
import { binomialTest } from "./binomial.js";

/** One judgment, as the bias measures see it. */
export interface BiasObservation {
  annotator: string;
  /** Which stored response was shown first. */
  shownFirst: "a" | "b";
  choice: Choice;
  lengthA: number;
  lengthB: number;
}

interface ShareTest {
  /** Judgments that count (a preference between A and B; for length, of unequal lengths). */
  n: number;
  hits: number;
  share: number;
  /** Exact two-sided binomial test against 50%. */
  pValue: number;
}

export interface BiasReport {
  /** Share of preferences for the response shown first. */
  position: ShareTest;
  /** Share of preferences for the longer response. */
  length: ShareTest;
  perAnnotator: Record<string, { position: ShareTest; length: ShareTest }>;
}

function share(hits: number, n: number): ShareTest {
  return { n, hits, share: n > 0 ? hits / n : Number.NaN, pValue: binomialTest(hits, n, 0.5) };
}

/**
 * Position bias (how often the first-shown response is preferred) and length bias (how often the
 * longer one is), overall and per annotator, each against 50% with an exact binomial test. Ties and
 * both-bad express no preference and are left out; so are equal lengths for the length test.
 */
export function biasReport(observations: readonly BiasObservation[]): BiasReport {
  const tally = () => ({ pn: 0, ph: 0, ln: 0, lh: 0 });
  const all = tally();
  const per = new Map<string, ReturnType<typeof tally>>();
  for (const o of observations) {
    if (o.choice !== "a" && o.choice !== "b") continue;
    const t = per.get(o.annotator) ?? tally();
    per.set(o.annotator, t);
    for (const x of [all, t]) {
      x.pn++;
      if (o.choice === o.shownFirst) x.ph++;
      if (o.lengthA !== o.lengthB) {
        x.ln++;
        const longer = o.lengthA > o.lengthB ? "a" : "b";
        if (o.choice === longer) x.lh++;
      }
    }
  }
  return {
    position: share(all.ph, all.pn),
    length: share(all.lh, all.ln),
    perAnnotator: Object.fromEntries([...per.entries()].map(([a, t]) => [a, { position: share(t.ph, t.pn), length: share(t.lh, t.ln) }])),
  };
}
