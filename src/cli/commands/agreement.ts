import { basename } from "node:path";
import type { Command } from "commander";
import { PairwiseError } from "../../errors.js";
import { bootstrapCi, cohenKappa, fleissKappa, gwetAc, krippendorffAlpha, percentAgreement, type MeasurementLevel, type RatingsTable, type Weighting } from "../../stats/index.js";
import { cliOutput, withCliContext } from "../context.js";
import { readRatingsFile } from "../read-table-file.js";

const METRICS = ["percent", "cohen", "weighted-cohen", "fleiss", "krippendorff", "gwet"] as const;
type Metric = (typeof METRICS)[number];

const HELP = `
Input: CSV with a header of rater names and one row per unit (an empty cell is missing), or JSON
{"data": [[...], ...]} (rows are units, null is missing). --campaign <name> reads the judgments of
a campaign instead (one column per annotator; categories a, b, tie, both_bad).

Definitions:
  percent       Gwet's pairwise percent agreement: share of agreeing rater pairs per unit, averaged
                over units with 2+ ratings (also prints the share of unanimous units)
  cohen         Cohen's (1960) kappa, two raters, nominal; units missing a rating are dropped
  weighted-cohen Cohen's (1968) weighted kappa, --weights linear|quadratic over the ordered categories
  fleiss        Fleiss' (1971) kappa, many raters, nominal (units with 2+ ratings)
  krippendorff  Krippendorff's alpha, --level nominal|ordinal|interval|ratio, missing values allowed;
                units with fewer than 2 values are not pairable (Krippendorff 2011)
  gwet          Gwet's AC1 (nominal), or AC2 with --weights
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
        if (t.some((row) => row.length !== 2)) throw new PairwiseError("VALIDATION", `Cohen's kappa compares exactly two raters; this data has ${t[0]?.length ?? 0}. Use --metric fleiss or krippendorff for more.`);
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
      cliOutput.out(`  ${Math.round(ci.level * 100)}% CI: [${ci.lower.toFixed(4)}, ${ci.upper.toFixed(4)}] (bootstrap over units, ${ci.samples} samples, seed ${ci.seed})`);
      continue;
    }
    cliOutput.out(`  ${key}: ${typeof v === "number" ? (Number.isInteger(v) ? v : v.toFixed(6)) : Array.isArray(v) ? v.join(", ") : String(v)}`);
  }
}

export function registerAgreementCommand(program: Command): void {
  program
    .command("agreement [file]")
    .description("Inter-rater agreement: percent, Cohen, weighted Cohen, Fleiss, Krippendorff, Gwet")
    .requiredOption("--metric <metric>", METRICS.join(" | "))
    .option("--level <level>", "krippendorff: nominal | ordinal | interval | ratio", "nominal")
    .option("--weights <weights>", "weighted-cohen, gwet: linear | quadratic")
    .option("--categories <list>", "ordered category set, comma separated")
    .option("--campaign <name>", "use the judgments of a campaign instead of a file")
    .option("--ci", "bootstrap confidence interval over units")
    .option("--samples <n>", "bootstrap samples", "1000")
    .option("--seed <n>", "bootstrap seed", "1")
    .option("--json", "print JSON; its value is the statistic")
    .addHelpText("after", HELP)
    .action(async (file: string | undefined, o: { metric: string; level: string; weights?: string; categories?: string; campaign?: string; ci?: boolean; samples: string; seed: string; json?: boolean }) => {
      if (!(METRICS as readonly string[]).includes(o.metric)) throw new PairwiseError("VALIDATION", `--metric must be one of ${METRICS.join(", ")}, got "${o.metric}".`);
      if (!["nominal", "ordinal", "interval", "ratio"].includes(o.level)) throw new PairwiseError("VALIDATION", `--level must be nominal, ordinal, interval or ratio, got "${o.level}".`);
      if (o.weights && !["linear", "quadratic"].includes(o.weights)) throw new PairwiseError("VALIDATION", `--weights must be linear or quadratic, got "${o.weights}".`);
      const samples = Number(o.samples);
      const seed = Number(o.seed);
      if (!Number.isInteger(samples) || samples < 10) throw new PairwiseError("VALIDATION", `--samples must be a whole number of at least 10, got "${o.samples}".`);
      if (!Number.isInteger(seed)) throw new PairwiseError("VALIDATION", `--seed must be a whole number, got "${o.seed}".`);
      const options: AgreementOptions = { metric: o.metric as Metric, level: o.level as MeasurementLevel, ci: o.ci ?? false, samples, seed };
      if (o.weights) options.weights = o.weights as "linear" | "quadratic";
      if (o.categories) options.categories = o.categories.split(",").map((c) => c.trim()).filter(Boolean).map((c) => (Number.isFinite(Number(c)) ? Number(c) : c));
      if (o.campaign) {
        const [{ requireCampaign }, { campaignRatings }] = await Promise.all([import("../../services/find-campaign.js"), import("../../io/campaign-ratings.js")]);
        await withCliContext((ctx) => {
          const campaign = requireCampaign(ctx, o.campaign!);
          const table = campaignRatings(ctx.db, campaign.id);
          options.categories ??= ["a", "b", "tie", "both_bad"];
          if (options.metric === "cohen" || options.metric === "weighted-cohen") throw new PairwiseError("VALIDATION", "Cohen's kappa compares two named raters; for a campaign use --metric fleiss, krippendorff, gwet or percent.");
          const { value, details } = runAgreement(table.units, options);
          printResult(options.metric, value, { ...details, annotators: table.raters }, o.json ?? false, `campaign ${campaign.name}`);
        });
        return;
      }
      if (!file) throw new PairwiseError("VALIDATION", "Give a file (CSV or JSON) or --campaign <name>. See pairwise agreement --help.");
      const { units } = readRatingsFile(file);
      const { value, details } = runAgreement(units, options);
      printResult(options.metric, value, details, o.json ?? false, basename(file));
    });
}
