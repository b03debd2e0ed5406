import { basename } from "node:path";
import type { Command } from "commander";
import { PairwiseError } from "../../errors.js";
import { readFileSync } from "node:fs";
import {
  bootstrapCi,
  categoriesOf,
  cohenKappa,
  fleissKappa,
  gwetAc,
  krippendorffAlpha,
  percentAgreement,
  perAnnotatorAgreement,
  type Labeling,
  type MeasurementLevel,
  type RatingsTable,
  type Weighting,
} from "../../stats/index.js";
import { cliOutput } from "../output.js";
import { labelingsOfTable, looksLikeLabelings, readLabelings, unitsOfLabelings } from "../read-labelings.js";
import { readRatingsFile } from "../read-table-file.js";
import { CHOICES } from "../../domain/choice.js";

const METRICS = ["percent", "cohen", "weighted-cohen", "fleiss", "krippendorff", "gwet"] as const;
type Metric = (typeof METRICS)[number];
/** Each annotator's Cohen's kappa against the others' majority: a table, not one statistic. */
const PER_ANNOTATOR = "per-annotator";

const HELP = `
Input: CSV with a header of rater names and one row per unit (an empty cell is missing), or JSON
{"data": [[...], ...]} (rows are units, null is missing), or one judgment a row: CSV or JSON Lines
of {annotator, item, label} (the format of pairwise aggregate; the way to give many annotators). --campaign <name> reads the judgments of
a campaign instead (one column per annotator; categories ${CHOICES.join(", ")}).

Definitions:
  percent       Gwet's pairwise percent agreement: share of agreeing rater pairs per unit, averaged
                over units with 2+ ratings (also prints the share of unanimous units)
  cohen         Cohen's (1960) kappa, two raters, nominal; units missing a rating are dropped
  weighted-cohen Cohen's (1968) weighted kappa, --weights linear|quadratic over the ordered categories
  fleiss        Fleiss' (1971) kappa, many raters, nominal (units with 2+ ratings)
  krippendorff  Krippendorff's alpha, --level nominal|ordinal|interval|ratio, missing values allowed;
                units with fewer than 2 values are not pairable (Krippendorff 2011)
  gwet          Gwet's AC1 (nominal), or AC2 with --weights
  per-annotator each annotator's Cohen's kappa against the majority of the others on the same items
                (leave one out; items where the others tie are left out); its value is the median
--categories declares the ordered category set (otherwise the observed values, numbers in numeric
order); weighted statistics depend on it, so declare it when some categories went unused.

Example: pairwise agreement --metric krippendorff --level ordinal --ci ratings.csv`;

export interface AgreementOptions {
  metric: Metric;
  level?: MeasurementLevel;
  weights?: "linear" | "quadratic";
  categories?: (string | number)[];
  ci?: boolean;
  samples?: number;
  seed?: number;
}

/** Computes one agreement statistic on a table; shared by the file and the campaign paths. */
export function runAgreement(table: RatingsTable, options: AgreementOptions): { value: number; details: Record<string, unknown> } {
  const categories = options.categories;
  const weighting: Weighting = options.weights ?? "none";
  const compute = (t: RatingsTable): { value: number } & Record<string, unknown> => {
    switch (options.metric) {
      case "percent":
        return { ...percentAgreement(t, categories ? { categories } : {}) };
      case "cohen":
      case "weighted-cohen": {
        if (t.some((row) => row.length !== 2))
          throw new PairwiseError(
            "VALIDATION",
            `Cohen's kappa compares exactly two raters; this data has ${t[0]?.length ?? 0}. Use --metric fleiss or krippendorff for more.`,
          );
        const w: Weighting = options.metric === "cohen" ? "none" : weighting === "none" ? "linear" : weighting;
        return { ...cohenKappa(t, { ...(categories ? { categories } : {}), weighting: w }), weighting: w };
      }
      case "fleiss":
        return { ...fleissKappa(t, categories ? { categories } : {}) };
      case "krippendorff":
        return { ...krippendorffAlpha(t, { level: options.level ?? "nominal", ...(categories ? { categories } : {}) }) };
      case "gwet":
        return { ...gwetAc(t, { ...(categories ? { categories } : {}), weighting }) };
    }
  };
  let result: { value: number } & Record<string, unknown>;
  try {
    result = compute(table);
  } catch (error) {
    if (error instanceof PairwiseError) throw error;
    throw new PairwiseError("VALIDATION", (error as Error).message);
  }
  const details: Record<string, unknown> = { ...result };
  delete details.value;
  if (options.ci) details.ci = bootstrapCi(table, (sample) => compute(sample).value, { samples: options.samples ?? 1000, seed: options.seed ?? 1 });
  return { value: result.value, details };
}

function printResult(metric: Metric, value: number, details: Record<string, unknown>, json: boolean, source: string): void {
  if (json) return cliOutput.out(JSON.stringify({ metric, source, value, ...details }, null, 2));
  cliOutput.out(`${metric} = ${Number.isFinite(value) ? value.toFixed(6) : "undefined"}  (${source})`);
  for (const [key, v] of Object.entries(details)) {
    if (key === "coincidences" || key === "confusion") continue;
    if (key === "ci" && v && typeof v === "object") {
      const ci = v as { lower: number; upper: number; level: number; samples: number; seed: number };
      cliOutput.out(
        `  ${Math.round(ci.level * 100)}% CI: [${ci.lower.toFixed(4)}, ${ci.upper.toFixed(4)}] (bootstrap over units, ${ci.samples} samples, seed ${ci.seed})`,
      );
      continue;
    }
    cliOutput.out(`  ${key}: ${typeof v === "number" ? (Number.isInteger(v) ? v : v.toFixed(6)) : Array.isArray(v) ? v.join(", ") : String(v)}`);
  }
}

export function registerAgreementCommand(program: Command): void {
  program
    .command("agreement [file]")
    .description("Inter-rater agreement: percent, Cohen, weighted Cohen, Fleiss, Krippendorff, Gwet")
    .requiredOption("--metric <metric>", [...METRICS, PER_ANNOTATOR].join(" | "))
    .option("--level <level>", "krippendorff: nominal | ordinal | interval | ratio", "nominal")
    .option("--weights <weights>", "weighted-cohen, gwet: linear | quadratic")
    .option("--categories <list>", "ordered category set, comma separated")
    .option("--campaign <name>", "use the judgments of a campaign instead of a file")
    .option("--ci", "bootstrap confidence interval over units")
    .option("--samples <n>", "bootstrap samples", "1000")
    .option("--seed <n>", "bootstrap seed", "1")
    .option("--json", "print JSON; its value is the statistic")
    .addHelpText("after", HELP)
    .action(
      async (
        file: string | undefined,
        o: {
          metric: string;
          level: string;
          weights?: string;
          categories?: string;
          campaign?: string;
          ci?: boolean;
          samples: string;
          seed: string;
          json?: boolean;
        },
      ) => {
        if (![...METRICS, PER_ANNOTATOR].includes(o.metric))
          throw new PairwiseError("VALIDATION", `--metric must be one of ${[...METRICS, PER_ANNOTATOR].join(", ")}, got "${o.metric}".`);
        if (o.metric === PER_ANNOTATOR && o.ci)
          throw new PairwiseError("VALIDATION", "--ci is for a single statistic; per-annotator gives one kappa per annotator.");
        if (!["nominal", "ordinal", "interval", "ratio"].includes(o.level))
          throw new PairwiseError("VALIDATION", `--level must be nominal, ordinal, interval or ratio, got "${o.level}".`);
        if (o.weights && !["linear", "quadratic"].includes(o.weights))
          throw new PairwiseError("VALIDATION", `--weights must be linear or quadratic, got "${o.weights}".`);
        const samples = Number(o.samples);
        const seed = Number(o.seed);
        if (!Number.isInteger(samples) || samples < 10)
          throw new PairwiseError("VALIDATION", `--samples must be a whole number of at least 10, got "${o.samples}".`);
        if (!Number.isInteger(seed)) throw new PairwiseError("VALIDATION", `--seed must be a whole number, got "${o.seed}".`);
        const categories = o.categories
          ?.split(",")
          .map((c) => c.trim())
          .filter(Boolean)
          .map((c) => (Number.isFinite(Number(c)) ? Number(c) : c));
        if (o.metric === PER_ANNOTATOR) {
          if (o.campaign || !file)
            throw new PairwiseError("VALIDATION", "--metric per-annotator reads a file; for a campaign, the export's QA report has each annotator's kappa.");
          return printPerAnnotator(readAgreementFile(file).labelings(), categories, o.json ?? false, basename(file));
        }
        const options: AgreementOptions = { metric: o.metric as Metric, level: o.level as MeasurementLevel, ci: o.ci ?? false, samples, seed };
        if (o.weights) options.weights = o.weights as "linear" | "quadratic";
        if (categories) options.categories = categories;
        if (o.campaign) {
          // The database is loaded only for this path: a file needs none of it.
          const [{ withCliContext }, { requireCampaign }, { campaignRatings }] = await Promise.all([
            import("../context.js"),
            import("../../services/find-campaign.js"),
            import("../../io/campaign-ratings.js"),
          ]);
          await withCliContext(async (ctx) => {
            const campaign = await requireCampaign(ctx, o.campaign!);
            const table = await campaignRatings(ctx.db, campaign.id);
            options.categories ??= [...CHOICES];
            if (options.metric === "cohen" || options.metric === "weighted-cohen")
              throw new PairwiseError(
                "VALIDATION",
                "Cohen's kappa compares two named raters; for a campaign use --metric fleiss, krippendorff, gwet or percent.",
              );
            const { value, details } = runAgreement(table.units, options);
            printResult(options.metric, value, { ...details, annotators: table.raters }, o.json ?? false, `campaign ${campaign.name}`);
          });
          return;
        }
        if (!file) throw new PairwiseError("VALIDATION", "Give a file (CSV or JSON) or --campaign <name>. See pairwise agreement --help.");
        const input = readAgreementFile(file);
        if (input.byJudgment && (options.metric === "cohen" || options.metric === "weighted-cohen")) {
          throw new PairwiseError(
            "VALIDATION",
            "Cohen's kappa compares two named raters; a file of one judgment a row takes --metric fleiss, krippendorff, gwet, percent or per-annotator.",
          );
        }
        const { value, details } = runAgreement(input.units, options);
        printResult(options.metric, value, details, o.json ?? false, basename(file));
      },
    );
}

/** A ratings table or a file of judgments, with both views: units (for the statistics) and labelings. */
function readAgreementFile(path: string): { byJudgment: boolean; units: RatingsTable; labelings: () => Labeling[] } {
  let head: string;
  try {
    head = readFileSync(path, "utf8").slice(0, 4096);
  } catch (error) {
    throw new PairwiseError("VALIDATION", `Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
  if (looksLikeLabelings(head)) {
    const labelings = readLabelings(path);
    return { byJudgment: true, units: unitsOfLabelings(labelings), labelings: () => labelings };
  }
  const { raters, units } = readRatingsFile(path);
  return { byJudgment: false, units, labelings: () => labelingsOfTable(raters, units) };
}

function printPerAnnotator(labelings: Labeling[], declared: (string | number)[] | undefined, json: boolean, source: string): void {
  const categories = (declared ?? categoriesOf(unitsOfLabelings(labelings))).map(String);
  let rows;
  try {
    rows = perAnnotatorAgreement(labelings, { categories });
  } catch (error) {
    throw new PairwiseError("VALIDATION", `${(error as Error).message}.`);
  }
  const kappas = rows.flatMap((r) => (r.vsOthers && Number.isFinite(r.vsOthers.value) ? [r.vsOthers.value] : [])).sort((a, b) => a - b);
  const median = kappas.length === 0 ? Number.NaN : (kappas[Math.floor((kappas.length - 1) / 2)]! + kappas[Math.ceil((kappas.length - 1) / 2)]!) / 2;
  if (json) {
    const annotators = rows.map((r) => ({
      annotator: r.annotator,
      kappa: r.vsOthers?.value ?? null,
      units: r.vsOthers?.units ?? 0,
      observedAgreement: r.vsOthers?.observedAgreement ?? null,
    }));
    return cliOutput.out(JSON.stringify({ metric: PER_ANNOTATOR, source, value: median, categories, annotators }, null, 2));
  }
  cliOutput.out(
    `per-annotator kappa against the others' majority: median ${Number.isFinite(median) ? median.toFixed(4) : "undefined"} over ${kappas.length} annotators  (${source})`,
  );
  const width = Math.max(9, ...rows.map((r) => r.annotator.length));
  cliOutput.out(`  ${"annotator".padEnd(width)}  kappa    items`);
  for (const r of rows)
    cliOutput.out(
      `  ${r.annotator.padEnd(width)}  ${r.vsOthers && Number.isFinite(r.vsOthers.value) ? r.vsOthers.value.toFixed(4).padStart(7) : "    n/a"}  ${String(r.vsOthers?.units ?? 0).padStart(5)}`,
    );
}
