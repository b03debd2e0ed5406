import type { Command } from "commander";
import { PairwiseError } from "../../errors.js";
import {
  alignCells,
  bradleyTerry,
  coefficientInElo,
  DEFAULT_PRIOR,
  DEFAULT_STYLE_RIDGE,
  DEFAULT_TOLERANCE,
  leaderboardCells,
  onlineElo,
  RATING_SCALES,
  sideBySide,
  styleControl,
  type Anchor,
  type RatingScale,
  type StyleControlResult,
  type TieRule,
} from "../../stats/index.js";
import { cliOutput } from "../output.js";
import { numberOption } from "../number-option.js";
import { readBattles, readStyledBattles } from "../read-battles.js";
import { WINNERS } from "../../domain/choice.js";

const HELP = `
Input: JSON Lines, a JSON array or CSV of battles {model_a, model_b, winner}, winner one of
${WINNERS.join(", ")} (Chatbot Arena's "tie (bothbad)" is read as both_bad).

What is fitted (bradley-terry): P(A beats B) = 1 / (1 + exp(θ_B − θ_A)) by maximum likelihood
(Newton's method, to the exact optimum). A tie counts half a win to each side (--ties half, as
Chatbot Arena counts) or is left out (--ties exclude).
  --prior ${DEFAULT_PRIOR}    pseudo-games per pair of models, each a draw. Why: a model that won (or lost) every
                game has no finite maximum-likelihood rating; this keeps it finite while moving
                ratings on real data by a fraction of a point. --prior 0 is the plain maximum
                likelihood, equal to R's BradleyTerry2 and Chatbot Arena's logistic regression
                (refused, with the reason, when the data has no finite maximum).
  --tolerance ${DEFAULT_TOLERANCE}  Newton stops when no θ moves by more than this (about 2e-7 Elo points), so
                the printed digits are exact; --max-iterations caps it (default 100).
Scales: --scale elo (400 points = 10× the odds; the mean is 1000) or natural (θ itself, the
log-strength; the mean is 0). --anchor model=rating pins one model instead, on the chosen scale
(--scale natural --anchor m=0 is BradleyTerry2's reference-category parameterization).
Intervals: percentile bootstrap over battles, --samples resamples (0: no intervals).

Style control (--style-control), as Chatbot Arena's leaderboard: the fit also takes, for length,
markdown headers, list items and bold spans, the A−B difference over the sum plus one,
standardized over the battles, so a model is not ranked up for being longer or more formatted.
Style comes from Arena's conv_metadata counts (length in tokens), or from the responses' text
(response_a/response_b, or Arena's conversation_a/conversation_b; length in characters).
--style-ridge ${DEFAULT_STYLE_RIDGE} is FastChat's ridge on ratings (log10-odds) and coefficients; 0 for none.
The raw and the style-controlled leaderboards are printed side by side.

Examples:
  pairwise rank --anchor llama-7b=1000 battles.jsonl
  pairwise rank --prior 0 --scale natural --anchor bloom-7b=0 --samples 0 battles.csv
  pairwise rank --style-control arena-battles.jsonl`;

interface RankOptions {
  method: string;
  ties: string;
  anchor?: string;
  samples: string;
  seed: string;
  prior: string;
  tolerance: string;
  maxIterations: string;
  scale: string;
  styleControl?: boolean;
  styleRidge: string;
  json?: boolean;
}

export function registerRankCommand(program: Command): void {
  program
    .command("rank <file>")
    .description("Rank models from pairwise battles: Bradley-Terry (with bootstrap CIs, optional style control) or online Elo")
    .option("--method <method>", "bradley-terry | elo", "bradley-terry")
    .option("--ties <rule>", "half (a tie is half a win each, as Chatbot Arena counts) | exclude", "half")
    .option("--prior <x>", "pseudo-games per pair of models, each a draw (0: plain maximum likelihood)", String(DEFAULT_PRIOR))
    .option("--tolerance <x>", "Newton stops when no rating moves more than this, natural scale", String(DEFAULT_TOLERANCE))
    .option("--max-iterations <n>", "Newton iterations at most", "100")
    .option("--scale <scale>", "elo | natural (log-strength)", "elo")
    .option("--anchor <model=rating>", "pin one model's rating on the chosen scale (default: the mean is 1000 Elo / 0 natural)")
    .option("--samples <n>", "bootstrap resamples for the 95% intervals; 0 for none", "200")
    .option("--seed <n>", "bootstrap seed", "1")
    .option("--style-control", "also fit with style covariates (length, headers, lists, bold) and print both")
    .option("--style-ridge <x>", "ridge of the style-controlled fit (FastChat's default)", String(DEFAULT_STYLE_RIDGE))
    .option("--json", 'print {"ratings": {model: rating}, "ci": {model: [low, high]}, ...}')
    .addHelpText("after", HELP)
    .action((file: string, o: RankOptions) => runRank(file, o));
}

function runRank(file: string, o: RankOptions): void {
  if (o.method !== "bradley-terry" && o.method !== "elo") throw new PairwiseError("VALIDATION", `--method must be bradley-terry or elo, got "${o.method}".`);
  if (o.ties !== "half" && o.ties !== "exclude") throw new PairwiseError("VALIDATION", `--ties must be half or exclude, got "${o.ties}".`);
  if (!(RATING_SCALES as readonly string[]).includes(o.scale))
    throw new PairwiseError("VALIDATION", `--scale must be ${RATING_SCALES.join(" or ")}, got "${o.scale}".`);
  const ties = o.ties as TieRule;
  const scale = o.scale as RatingScale;
  const anchor = parseAnchor(o.anchor);
  if (o.method === "elo") return printOnlineElo(file, o, ties, anchor);
  const samples = numberOption("--samples", o.samples, { integer: true, min: 0 });
  if (samples > 0 && samples < 10)
    throw new PairwiseError("VALIDATION", `--samples must be 0 (no intervals) or at least 10 for a 95% interval, got "${o.samples}".`);
  const fit = {
    ties,
    scale,
    prior: numberOption("--prior", o.prior, { min: 0, hint: "0 is the plain maximum likelihood." }),
    tolerance: numberOption("--tolerance", o.tolerance, { above: 0 }),
    maxIterations: numberOption("--max-iterations", o.maxIterations, { integer: true, min: 1 }),
    ...(anchor ? { anchor } : {}),
    ...(samples > 0 ? { bootstrap: { samples, seed: numberOption("--seed", o.seed, { integer: true }) } } : {}),
  };
  const ridge = numberOption("--style-ridge", o.styleRidge, { min: 0 });
  const styledBattles = o.styleControl ? readStyledBattles(file) : undefined;
  const battles = styledBattles ?? readBattles(file);
  const raw = statsCall(() => bradleyTerry(battles, fit));
  const styled = styledBattles && statsCall(() => styleControl(styledBattles, { ...fit, ridge }));
  if (o.json) {
    const style = styled && {
      ratings: styled.ratings,
      ci: styled.ci,
      coefficients: styled.coefficients,
      coefficientCi: styled.coefficientCi,
      constantFeatures: styled.constant,
      ridge,
    };
    return cliOutput.out(
      JSON.stringify(
        {
          method: o.method,
          scale,
          prior: fit.prior,
          ties,
          battles: raw.battles,
          iterations: raw.iterations,
          ratings: raw.ratings,
          ...(raw.ci ? { ci: raw.ci } : {}),
          ...(style ? { styleControl: style } : {}),
        },
        null,
        2,
      ),
    );
  }
  const centre = anchor ? `${anchor.model} at ${anchor.rating}` : scale === "elo" ? "mean 1000" : "mean 0";
  cliOutput.out(
    `Bradley-Terry over ${raw.battles} battles (ties ${ties}, prior ${fit.prior} pseudo-draws a pair, ${scale} scale, ${centre}${samples > 0 ? `, ${samples} bootstrap resamples` : ""}):`,
  );
  if (raw.bootstrapSkipped)
    cliOutput.err(`${raw.bootstrapSkipped} of ${samples} resamples had no finite maximum likelihood and are left out of the intervals.`);
  for (const line of alignCells(leaderboardCells(sideBySide(raw, styled), { digits: scale === "elo" ? 1 : 4 }))) cliOutput.out(line);
  if (styled) printStyle(styled, scale);
}

function printStyle(styled: StyleControlResult, scale: RatingScale): void {
  const parts = Object.entries(styled.coefficients).map(([feature, b]) => {
    const ci = styled.coefficientCi?.[feature as keyof typeof styled.coefficients];
    return `${feature} ${b >= 0 ? "+" : ""}${b.toFixed(3)}${ci ? ` [${ci[0].toFixed(3)}, ${ci[1].toFixed(3)}]` : ""}${scale === "elo" ? ` (${coefficientInElo(b).toFixed(0)} Elo)` : ""}`;
  });
  cliOutput.out(`Style coefficients, log-odds per standard deviation of (A − B)/(A + B + 1): ${parts.join(", ")}.`);
  if (styled.constant.length > 0) cliOutput.out(`Left out, the same on every battle: ${styled.constant.join(", ")}.`);
}

function printOnlineElo(file: string, o: RankOptions, ties: TieRule, anchor: Anchor | undefined): void {
  if (o.scale !== "elo") throw new PairwiseError("VALIDATION", "Online Elo is on the Elo scale only; --scale natural is for bradley-terry.");
  if (o.styleControl) throw new PairwiseError("VALIDATION", "--style-control fits Bradley-Terry with covariates; it does not apply to online Elo.");
  const battles = readBattles(file);
  let ratings = onlineElo(battles, { ties });
  if (anchor) {
    if (ratings[anchor.model] === undefined) throw new PairwiseError("VALIDATION", `--anchor names "${anchor.model}", which has no battles.`);
    const shift = anchor.rating - ratings[anchor.model]!;
    ratings = Object.fromEntries(Object.entries(ratings).map(([m, r]) => [m, r + shift]));
  }
  if (o.json) return cliOutput.out(JSON.stringify({ method: "elo", ratings }, null, 2));
  cliOutput.out(`online Elo over ${battles.length} battles (ties ${ties}, K 4, in file order):`);
  for (const line of alignCells(leaderboardCells(sideBySide({ ratings }), { digits: 1 }))) cliOutput.out(line);
}

function parseAnchor(raw: string | undefined): Anchor | undefined {
  if (raw === undefined) return undefined;
  const m = /^(.+)=(-?\d+(?:\.\d+)?(?:e-?\d+)?)$/i.exec(raw);
  if (!m) throw new PairwiseError("VALIDATION", `--anchor must be model=rating, for example llama-7b=1000, got "${raw}".`);
  return { model: m[1]!, rating: Number(m[2]) };
}

/** Statistics refuse bad data with plain errors; here they become the CLI's validation errors. */
function statsCall<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof PairwiseError) throw error;
    throw new PairwiseError("VALIDATION", `${(error as Error).message}.`);
  }
}
