import type { EChartsOption } from "echarts";

export const REPORT_KINDS = ["progress", "agreement", "gold", "annotators", "bias", "models", "drift", "judge", "outcomes"] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** A lead report: a short summary, the figures behind it, and a chart. */
export interface Report {
  kind: ReportKind;
  campaign: string;
  title: string;
  /** A few lines a lead reads first. */
  summary: string[];
  /** The figures, for `--format json`. */
  data: Record<string, unknown>;
  /** Charts, the main one first. */
  charts: EChartsOption[];
  /** Rows for reports that are tables (annotators), first row the header. */
  table?: string[][];
  /** Lines after the table (the judge report's pairs to review). */
  details?: string[];
}

export const pct = (x: number | null | undefined, digits = 0) => (x === null || x === undefined || Number.isNaN(x) ? "n/a" : `${(x * 100).toFixed(digits)}%`);
export const num = (x: number | null | undefined, digits = 3) => (x === null || x === undefined || Number.isNaN(x) ? "n/a" : x.toFixed(digits));
