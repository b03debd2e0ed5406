import type { ImportQuirk, ImportReport } from "./types.js";

/** How many positions and ids a quirk keeps; the count goes on past it. */
const MAX_QUIRK_LINES = 20;

/**
 * Collects quirks into a report: one entry a code, with the first positions and a count, so a
 * million odd rows cost twenty numbers, not a million.
 */
export class QuirkLog {
  private readonly byCode = new Map<string, ImportQuirk>();
  private readonly unknownKeys = new Set<string>();

  constructor(private readonly report: ImportReport) {}

  /** Records one affected row. A later call may refine the message (it replaces the earlier one). */
  note(code: string, message: string, at: number, id?: string): void {
    let quirk = this.byCode.get(code);
    if (!quirk) {
      quirk = { code, message, lines: [], count: 0 };
      this.byCode.set(code, quirk);
      this.report.quirks.push(quirk);
    }
    quirk.message = message;
    quirk.count++;
    if (quirk.lines.length < MAX_QUIRK_LINES) quirk.lines.push(at);
    if (id !== undefined) {
      quirk.ids ??= [];
      if (quirk.ids.length < MAX_QUIRK_LINES) quirk.ids.push(id);
    }
  }

  /** Records fields no shape knows; they were kept in metadata. One quirk lists them all. */
  unknownFields(keys: readonly string[], at: number, id?: string): void {
    if (keys.length === 0) return;
    for (const key of keys) this.unknownKeys.add(key);
    const names = [...this.unknownKeys].sort();
    const shown = names.length > 12 ? `${names.slice(0, 12).join(", ")} and ${names.length - 12} more` : names.join(", ");
    this.note("unknown-fields", `kept unknown fields ${shown} in metadata`, at, id);
  }
}
