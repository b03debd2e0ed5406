/**
 * Splits CSV text without quotes, the usual shape of a ratings or labels table, in one pass over
 * the string: no per-field parser state, so a 200,000-row table takes tens of milliseconds.
 * Returns undefined when the text has a quote: csv-parse, which implements RFC 4180, reads those.
 * Blank lines are skipped; `lines` holds each row's line number (1-based) for error messages.
 */
export function splitPlainCsv(text: string): { rows: string[][]; lines: number[] } | undefined {
  if (text.includes('"')) return undefined;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: string[][] = [];
  const lines: number[] = [];
  let line = 0;
  let start = 0;
  while (start <= body.length) {
    let end = body.indexOf("\n", start);
    if (end < 0) end = body.length;
    line++;
    const stop = end > start && body.charCodeAt(end - 1) === 13 ? end - 1 : end;
    if (stop > start) {
      rows.push(body.slice(start, stop).split(","));
      lines.push(line);
    }
    start = end + 1;
  }
  return { rows, lines };
}

/**
 * A ratings cell: empty, NA or "." is missing; a number is a number; anything else a label.
 * Single digits, the most common cell, skip the general conversion.
 */
export function ratingCell(raw: string): string | number | null {
  if (raw.length === 1) {
    const code = raw.charCodeAt(0);
    if (code >= 48 && code <= 57) return code - 48;
    if (raw === "." || raw === " ") return null;
  }
  const v = raw.trim();
  if (v === "" || v === "." || v.toUpperCase() === "NA") return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : v;
}

/**
 * The cells of a quote-free ratings table read straight into values (see {@link ratingCell}),
 * without a string per line or per cell: rows of values and their line numbers, the header row
 * as strings. Returns undefined when the text has a quote.
 */
export function readPlainRatings(text: string): { header: string[]; rows: (string | number | null)[][]; lines: number[] } | undefined {
  const plain = text.includes('"') ? undefined : text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (plain === undefined) return undefined;
  const firstEnd = plain.indexOf("\n") < 0 ? plain.length : plain.indexOf("\n");
  const header = plain.slice(0, firstEnd).replace(/\r$/, "").split(",");
  const rows: (string | number | null)[][] = [];
  const lines: number[] = [];
  let line = 1;
  let row: (string | number | null)[] = [];
  let start = firstEnd + 1;
  for (let i = start; i <= plain.length; i++) {
    const code = i < plain.length ? plain.charCodeAt(i) : 10;
    if (code !== 44 && code !== 10) continue;
    // A field ends at a comma or a line end (a \r before the \n is not part of it).
    const end = code === 10 && i > start && plain.charCodeAt(i - 1) === 13 ? i - 1 : i;
    const length = end - start;
    if (length === 1 && plain.charCodeAt(start) >= 48 && plain.charCodeAt(start) <= 57) row.push(plain.charCodeAt(start) - 48);
    else if (length === 0) row.push(null);
    else row.push(ratingCell(plain.slice(start, end)));
    start = i + 1;
    if (code === 10) {
      line++;
      // A blank line holds one empty field: skipped, as csv-parse skips it.
      if (!(row.length === 1 && length === 0)) {
        rows.push(row);
        lines.push(line);
      }
      row = [];
    }
  }
  return { header, rows, lines };
}
