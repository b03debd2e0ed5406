import { parseAgreementThreshold } from "../../domain/agreement-threshold.js";
import { PairwiseError } from "../../errors.js";
import type { Db } from "../../storage/database.js";
import { dawidSkeneLabels } from "./dawid-skene-labels.js";
import type { ExportFilters } from "./labeled-items.js";
import type { ExportRequest } from "./run-export.js";

/**
 * The options that choose what an export holds, as the CLI (`pairwise export --format …`) and the
 * chat command (`/pairwise export <campaign> [format] --min-agreement 2/3 …`) both take them. One
 * table, so both say the same thing and neither can forget an option.
 */
export interface ExportSelection {
  aggregate?: string;
  conversational?: boolean;
  minAgreement?: string;
  excludeTies?: boolean;
  includeFlagged?: boolean;
  includeIncomplete?: boolean;
  keepDegenerate?: boolean;
  qualifiedOnly?: boolean;
  includeAi?: boolean;
  since?: string;
  until?: string;
  guidelineVersion?: string;
}

/** One option of {@link ExportSelection}: its flag, the placeholder of its value (none for a switch), its help line. */
export interface SelectionOption {
  flag: string;
  key: keyof ExportSelection;
  value?: string;
  help: string;
  default?: string;
}

export const SELECTION_OPTIONS: readonly SelectionOption[] = [
  { flag: "conversational", key: "conversational", help: "trl: prompt/chosen/rejected as lists of messages" },
  { flag: "aggregate", key: "aggregate", value: "method", help: "majority | dawid-skene: how each item's label is inferred", default: "majority" },
  {
    flag: "min-agreement",
    key: "minAgreement",
    value: "share",
    help: "only items whose label has at least this share of the votes: 0.67 (at its written precision), 2/3 or 67%",
  },
  { flag: "exclude-ties", key: "excludeTies", help: "leave out items labeled tie or both_bad" },
  { flag: "include-flagged", key: "includeFlagged", help: "count judgments flagged as anomalies (left out by default)" },
  { flag: "include-incomplete", key: "includeIncomplete", help: "keep items with fewer judgments than their overlap (left out by default)" },
  { flag: "keep-degenerate", key: "keepDegenerate", help: "keep empty, true/false-only and chosen = rejected training targets (left out by default)" },
  { flag: "qualified-only", key: "qualifiedOnly", help: "count only judgments of qualified annotators" },
  { flag: "include-ai", key: "includeAi", help: "count the AI judge's verdicts as votes (left out of training formats by default; raw always has them)" },
  { flag: "since", key: "since", value: "date", help: "only judgments made from this date" },
  { flag: "until", key: "until", value: "date", help: "only judgments made before this date" },
  { flag: "guideline-version", key: "guidelineVersion", value: "n", help: "only judgments made under this guideline version" },
];

/**
 * How a value that makes no sense is named: as the CLI's and chat's flag (`--since`), or as the
 * API's JSON field (`field "since"`, located, so the 422 names it).
 */
type Naming = "flag" | "field";

function parseDate(value: string | undefined, key: "since" | "until", naming: Naming): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (!Number.isNaN(date.getTime())) return date;
  if (naming === "field")
    throw new PairwiseError("VALIDATION", `field "${key}": "${value}" is not a date; use ISO form such as 2026-11-01T09:00:00Z.`, { location: { field: key } });
  throw new PairwiseError("VALIDATION", `--${key} "${value}" is not a date; use ISO form such as 2026-11-01 or 2026-11-01T09:00:00Z.`);
}

/**
 * The filters an export applies, from its options; a value that makes no sense stops it with a
 * message naming the option (`naming`: the flag, or the API's field).
 */
export function filtersFrom(options: ExportSelection, naming: Naming = "flag"): ExportFilters {
  const filters: ExportFilters = { excludeFlagged: !options.includeFlagged };
  if (options.minAgreement !== undefined)
    filters.minAgreement = parseAgreementThreshold(options.minAgreement, naming === "field" ? "min_agreement" : "--min-agreement");
  if (options.includeIncomplete) filters.includeIncomplete = true;
  if (options.keepDegenerate) filters.keepDegenerate = true;
  if (options.excludeTies) filters.excludeTies = true;
  if (options.qualifiedOnly) filters.qualifiedOnly = true;
  if (options.includeAi) filters.includeAi = true;
  const since = parseDate(options.since, "since", naming);
  const until = parseDate(options.until, "until", naming);
  if (since) filters.since = since;
  if (until) filters.until = until;
  if (options.guidelineVersion !== undefined) {
    const v = Number(options.guidelineVersion);
    if (!Number.isInteger(v) || v < 1)
      throw new PairwiseError("VALIDATION", `--guideline-version must be a version number such as 2, got "${options.guidelineVersion}".`);
    filters.guidelineVersion = v;
  }
  return filters;
}

/** Checks `--aggregate` before any work starts. */
export function checkAggregate(options: ExportSelection): void {
  const method = options.aggregate ?? "majority";
  if (method !== "majority" && method !== "dawid-skene") throw new PairwiseError("VALIDATION", `--aggregate must be majority or dawid-skene, got "${method}".`);
}

/** The label override `--aggregate dawid-skene` asks for (none for majority, the default). */
export async function aggregationFor(db: Db, campaignId: number, options: ExportSelection): Promise<Pick<ExportRequest, "aggregation">> {
  checkAggregate(options);
  if (options.aggregate !== "dawid-skene") return {};
  return {
    aggregation: {
      name: "Dawid-Skene (EM over per-annotator confusion matrices)",
      label: await dawidSkeneLabels(db, campaignId, { includeAi: options.includeAi ?? false }),
    },
  };
}
