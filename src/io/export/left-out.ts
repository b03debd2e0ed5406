import { DEGENERATE_LABELS, type DegenerateKind } from "../../domain/degenerate-target.js";
import type { ExportFilters } from "./labeled-items.js";

/**
 * Why an item is not in an export, in the order an item meets the rules. One list, so the CLI, the
 * chat reply, the QA report and the data card say the same thing with the same words.
 */
const LEFT_OUT_REASONS = [
  "unjudged",
  "ai_only",
  "incomplete",
  "flagged",
  "filtered",
  "no_majority",
  "below_agreement",
  "ties_excluded",
  "no_preference",
  "degenerate",
] as const;
export type LeftOutReason = (typeof LEFT_OUT_REASONS)[number];

/** One reason, counted, with what it means and the option that keeps those items. */
export interface LeftOutLine {
  reason: LeftOutReason;
  items: number;
  /** What the items have in common: "every judgment flagged as an anomaly". */
  what: string;
  /** How to keep them: "--include-flagged". */
  keep: string;
  /** Sub-counts (degenerate kinds). */
  detail?: Record<string, number>;
}

/** Judgments that did not count toward any label, by cause. */
export interface LeftOutJudgments {
  /** Flagged as anomalies (too fast, straight-lining …), left out by default. */
  flagged: number;
  /** Outside --since / --until / --guideline-version / --qualified-only. */
  filtered: number;
}

/** Counts what an export leaves out while it streams. */
export class LeftOutTally {
  private readonly items = new Map<LeftOutReason, { items: number; detail: Map<string, number> }>();
  readonly judgments: LeftOutJudgments = { flagged: 0, filtered: 0 };

  leave(reason: LeftOutReason, detail: readonly string[] = []): void {
    const entry = this.items.get(reason) ?? { items: 0, detail: new Map<string, number>() };
    entry.items++;
    for (const d of detail) entry.detail.set(d, (entry.detail.get(d) ?? 0) + 1);
    this.items.set(reason, entry);
  }

  /** The reasons met, in rule order, worded for this export. */
  lines(context: { format: string; filters: ExportFilters }): LeftOutLine[] {
    return LEFT_OUT_REASONS.flatMap((reason) => {
      const entry = this.items.get(reason);
      if (!entry) return [];
      const line: LeftOutLine = { reason, items: entry.items, ...wording(reason, context) };
      if (entry.detail.size > 0) line.detail = Object.fromEntries(entry.detail);
      return [line];
    });
  }

  total(): number {
    let n = 0;
    for (const entry of this.items.values()) n += entry.items;
    return n;
  }
}

function wording(reason: LeftOutReason, { format, filters }: { format: string; filters: ExportFilters }): { what: string; keep: string } {
  switch (reason) {
    case "unjudged":
      return { what: "no judgment yet", keep: "collect judgments first, with `/pairwise next` or `/pairwise post`" };
    case "ai_only":
      return { what: "only the AI judge's verdict, no person's yet", keep: "`--include-ai`, or collect judgments" };
    case "incomplete":
      return { what: "fewer judgments than the item's overlap (still being labeled)", keep: "`--include-incomplete`" };
    case "flagged":
      return { what: "every judgment flagged as an anomaly (too fast, straight-lining, …)", keep: "`--include-flagged`" };
    case "filtered":
      return { what: `no judgment within ${activeJudgmentFilters(filters).join(", ") || "the filters"}`, keep: "widen or drop those filters" };
    case "no_majority":
      return { what: "split with no majority (and not an A/B tie)", keep: "adjudicate them (`/pairwise adjudicate`) or `--aggregate dawid-skene`" };
    case "below_agreement":
      return { what: `agreement with the label below --min-agreement ${filters.minAgreement?.text ?? ""}`.trim(), keep: "a lower `--min-agreement`" };
    case "ties_excluded":
      return { what: "labeled tie or both_bad, left out by --exclude-ties", keep: "drop `--exclude-ties`" };
    case "no_preference":
      return format === "kto"
        ? { what: "labeled tie: no completion is better, so KTO gets no row", keep: "`--format csv` or `raw`" }
        : { what: `labeled tie or both_bad: no preference to write in ${format}`, keep: "`--format csv` or `raw`; `--format kto` keeps both_bad" };
    case "degenerate":
      return { what: "degenerate training target", keep: "`--keep-degenerate`" };
  }
}

/** The judgment-level filters in force, as the flags a lead typed. */
export function activeJudgmentFilters(filters: ExportFilters): string[] {
  const out: string[] = [];
  if (filters.since) out.push(`--since ${filters.since.toISOString()}`);
  if (filters.until) out.push(`--until ${filters.until.toISOString()}`);
  if (filters.guidelineVersion !== undefined) out.push(`--guideline-version ${filters.guidelineVersion}`);
  if (filters.qualifiedOnly) out.push("--qualified-only");
  return out;
}

/** "empty rejected response: 12, chosen response is only …: 3": a degenerate line's detail as words. */
export function degenerateDetail(detail: Record<string, number> | undefined): string {
  if (!detail) return "";
  return Object.entries(detail)
    .map(([kind, n]) => `${DEGENERATE_LABELS[kind as DegenerateKind] ?? kind}: ${n}`)
    .join(", ");
}

/**
 * The explanation an export gives in one paragraph: what it wrote, then each reason with its count
 * and the option that keeps those items. Used by the CLI, the chat reply and the empty-export error.
 */
export function leftOutSentences(lines: readonly LeftOutLine[], judgments: LeftOutJudgments): string[] {
  const out = lines.map((l) => {
    const detail = l.reason === "degenerate" ? ` (${degenerateDetail(l.detail)})` : "";
    return `${l.items} item${l.items === 1 ? "" : "s"}: ${l.what}${detail} (to keep them: ${l.keep}).`;
  });
  if (judgments.flagged > 0)
    out.push(
      `${judgments.flagged} flagged judgment${judgments.flagged === 1 ? "" : "s"} did not count toward labels (to count them: \`--include-flagged\`; the raw export lists them with their reasons).`,
    );
  if (judgments.filtered > 0) out.push(`${judgments.filtered} judgment${judgments.filtered === 1 ? " was" : "s were"} outside the judgment filters.`);
  return out;
}
