import { PairwiseError } from "../errors.js";

/**
 * A minimum agreement for an item's label: the share of its judgments that chose the label.
 *
 * Shares of a few votes are fractions (2 of 3 is 0.666…), so a threshold is compared the way it is
 * written: `2/3` exactly, and a decimal at its written precision — `0.67` keeps an item whose share
 * rounds to 0.67 or more at two decimals, so 2 of 3 passes, as the person who typed 0.67 meant.
 * `67%` is the same as `0.67`; `1` (however written) means unanimous.
 */
export interface AgreementThreshold {
  /** As the lead wrote it, for messages and the data card. */
  text: string;
  /** The threshold as a number, for display. */
  value: number;
  /** Whether `support` votes for the label out of `votes` meet the threshold. */
  meets(support: number, votes: number): boolean;
}

const EXAMPLES = "a share from 0 to 1 such as 0.67, a fraction such as 2/3, or a percentage such as 67%";

/** Parses `0.67`, `2/3`, `67%` or `1`; anything else (or outside 0–1) is a VALIDATION error saying what is accepted. */
export function parseAgreementThreshold(raw: string, flag = "--min-agreement"): AgreementThreshold {
  const text = raw.trim();
  const fail = (): never => {
    throw new PairwiseError("VALIDATION", `${flag} must be ${EXAMPLES}; got "${raw}".`);
  };
  const fraction = /^(\d+)\s*\/\s*(\d+)$/.exec(text);
  if (fraction) {
    const p = Number(fraction[1]);
    const q = Number(fraction[2]);
    if (q === 0 || p > q) fail();
    return { text, value: p / q, meets: (support, votes) => votes > 0 && support * q >= p * votes };
  }
  const decimal = /^(\d+)(?:\.(\d+))?(%?)$/.exec(text);
  if (!decimal) return fail();
  const whole = decimal[1]!;
  const digits = decimal[2] ?? "";
  // A percentage is a decimal with two more places: 67% = 0.67, 66.7% = 0.667.
  const places = digits.length + (decimal[3] ? 2 : 0);
  const scaled = Number(`${whole}${digits}`);
  const scale = 10 ** places;
  if (!Number.isSafeInteger(scaled) || places > 9 || scaled > scale) fail();
  // 1 (or 1.0, 100%) means unanimous, however it is written: 24 of 25 is not "1.0".
  if (scaled === scale) return { text, value: 1, meets: (support, votes) => votes > 0 && support === votes };
  return {
    text,
    value: scaled / scale,
    // The share rounded half up at the written precision, in integers: no 0.6699999 surprises.
    meets: (support, votes) => votes > 0 && Math.floor((2 * support * scale + votes) / (2 * votes)) >= scaled,
  };
}
