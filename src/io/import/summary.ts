import type { ImportReport } from "./types.js";

/** What an import did, as far as its summary tells (`importComparisons` returns this and more). */
export interface ImportOutcome {
  imported: number;
  /** Gold and calibration items among them. */
  gold: number;
  judgments: number;
  skippedExisting: number;
  repeatedRows: number;
  report: ImportReport;
}

/**
 * What an import did, as lines a person reads (the CLI prints them; `/pairwise import` answers
 * with them): what was imported from where, then one note per quirk with the first rows it hit.
 */
export function importSummary(result: ImportOutcome): string[] {
  const r = result.report;
  const head =
    `Imported ${result.imported} items (${result.gold} gold/calibration) from ${r.file} as ${r.container}/${r.shape}` +
    (result.judgments ? `, with ${result.judgments} judgments` : "") +
    (result.skippedExisting ? `; skipped ${result.skippedExisting} already in the campaign` : "") +
    (result.repeatedRows ? `; ${result.repeatedRows} repeated rows imported once` : "") +
    ".";
  const notes = r.quirks.map((q) => {
    const lines = q.lines.length > 0 ? ` (${r.unit}s ${q.lines.join(", ")}${q.count > q.lines.length ? ", …" : ""})` : "";
    return `  note: ${q.message}${lines}`;
  });
  return [head, ...notes];
}
