/**
 * Splits text into chunks of at most `max` characters, preferring paragraph breaks, then line
 * breaks, then spaces, so no word is cut unless a single word is longer than a chunk.
 * Concatenating the chunks gives back the text exactly.
 */
export function splitText(text: string, max: number): string[] {
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let cut = Math.max(window.lastIndexOf("\n\n"), -1);
    if (cut < max / 2) cut = window.lastIndexOf("\n");
    if (cut < max / 2) cut = window.lastIndexOf(" ");
    if (cut < max / 2) cut = max - 1;
    chunks.push(rest.slice(0, cut + 1));
    rest = rest.slice(cut + 1);
  }
  if (rest.length > 0 || chunks.length === 0) chunks.push(rest);
  return chunks;
}

/**
 * Shares a character budget among texts fairly (water-filling): short texts get all they need,
 * the rest split what remains evenly. Returns the characters each text may show.
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
