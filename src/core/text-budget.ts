/**
 * Shares a character budget among texts fairly (water-filling): short texts get all they need,
 * the rest split what remains evenly. Returns the characters each text may show. Adapters use it
 * to fit long prompts and responses into their platform's message limits.
 */
export function shareBudget(lengths: readonly number[], budget: number): number[] {
  const out = new Array<number>(lengths.length).fill(0);
  let remaining = Math.max(0, budget);
  let open = lengths.map((_, i) => i);
  while (open.length > 0) {
    const share = Math.floor(remaining / open.length);
    const fits = open.filter((i) => lengths[i]! <= share);
    if (fits.length === 0) {
      for (const i of open) out[i] = share;
      break;
    }
    for (const i of fits) {
      out[i] = lengths[i]!;
      remaining -= lengths[i]!;
    }
    open = open.filter((i) => !fits.includes(i));
  }
  return out;
}
