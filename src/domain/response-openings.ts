/**
 * The opening words of two responses, long enough to tell them apart: how a message seen by many
 * people names a response when each of them saw the pair in their own order (as "Response 1" or
 * "Response 2"), so screen labels would mean different texts to different readers.
 *
 * At least `minWords` words, more while the openings are the same, at most `maxWords`; an
 * opening that is not the whole text ends with "…". Pure.
 */
export function distinctOpenings(a: string, b: string, minWords = 6, maxWords = 30): { a: string; b: string } {
  const wa = words(a);
  const wb = words(b);
  let n = Math.min(minWords, Math.max(wa.length, wb.length));
  let alike = false;
  while (n < maxWords && wa.slice(0, n).join(" ") === wb.slice(0, n).join(" ") && (n < wa.length || n < wb.length)) {
    alike = true;
    n++;
  }
  // A shared start is read past: a few words beyond where they part make the difference legible.
  if (alike) n = Math.min(maxWords, n + 2);
  return { a: opening(wa, n), b: opening(wb, n) };
}

const words = (text: string): string[] => text.trim().split(/\s+/).filter(Boolean);

function opening(ws: string[], n: number): string {
  if (ws.length === 0) return "(empty response)";
  const head = ws.slice(0, n).join(" ");
  // Opening words are quoted in chat text: backticks and mention-like characters stay harmless.
  const safe = head.replace(/[`*_~<>]/g, "").slice(0, 200);
  return ws.length > n || head.length > 200 ? `${safe}…` : safe;
}
