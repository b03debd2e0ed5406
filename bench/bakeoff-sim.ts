import { seededRandom } from "../src/random.js";
import { bakeoffBoard, DEFAULT_BAKEOFF_POLICY, nextPair, type BakeoffPolicy, type PairTally } from "../src/stats/index.js";

/**
 * The bake-off's sampler against uniform sampling, in simulation: models with known strengths
 * (Bradley-Terry, 10% ties), votes drawn from them, the same fit and the same stopping rule.
 * Two figures: votes until the bake-off calls itself stable (each sampler, with how often the
 * ranking it stopped on is the true one), and votes uniform sampling needs to reach the ranking
 * accuracy the active sampler stops at.
 */
interface Run {
  votes: number;
  correct: boolean;
  stable: boolean;
}

const MODELS = 6;
/** True Elo ratings 100 points apart (the better of two neighbours wins 64% of decided votes); PAIRWISE_BENCH_BAKEOFF_GAP changes it. */
const GAP = Number(process.env.PAIRWISE_BENCH_BAKEOFF_GAP ?? 100);
const TRUE_ELO = Array.from({ length: MODELS }, (_, i) => 300 - GAP * i);

function emptyTally(): PairTally {
  return { models: TRUE_ELO.map((_, i) => `m${i}`), games: new Float64Array(MODELS * MODELS), wins: new Float64Array(MODELS * MODELS), battles: 0 };
}

function vote(tally: PairTally, i: number, j: number, random: () => number): void {
  const m = MODELS;
  tally.games[i * m + j]! += 1;
  tally.games[j * m + i]! += 1;
  tally.battles++;
  if (random() < 0.1) {
    tally.wins[i * m + j]! += 0.5;
    tally.wins[j * m + i]! += 0.5;
  } else if (random() < 1 / (1 + 10 ** ((TRUE_ELO[j]! - TRUE_ELO[i]!) / 400))) tally.wins[i * m + j]! += 1;
  else tally.wins[j * m + i]! += 1;
}

const isTrueOrder = (tally: PairTally, policy: BakeoffPolicy) => bakeoffBoard(tally, policy).rows.every((r, k) => r.model === `m${k}`);

function uniformPair(random: () => number): [number, number] {
  const i = Math.floor(random() * MODELS);
  return [i, (i + 1 + Math.floor(random() * (MODELS - 1))) % MODELS];
}

/** One bake-off until stable (or `budget` votes), with the active sampler or uniform pairs. */
function runUntilStable(active: boolean, seed: number, policy: BakeoffPolicy, budget: number): Run {
  const random = seededRandom(seed);
  const tally = emptyTally();
  for (;;) {
    const board = bakeoffBoard(tally, policy);
    if (board.stable || tally.battles >= budget)
      return { votes: tally.battles, correct: board.rows.every((r, k) => r.model === `m${k}`), stable: board.stable };
    const [i, j] = active ? (({ i, j }) => [i, j])(nextPair(tally, board, policy, random)) : uniformPair(random);
    vote(tally, i, j, random);
  }
}

/** Share of uniform runs whose fitted ranking is the true one after each checkpoint's votes. */
function uniformAccuracy(seeds: number[], checkpoints: number[], policy: BakeoffPolicy): number[] {
  const hits = checkpoints.map(() => 0);
  for (const seed of seeds) {
    const random = seededRandom(seed + 1_000_000);
    const tally = emptyTally();
    let next = 0;
    while (next < checkpoints.length) {
      const [i, j] = uniformPair(random);
      vote(tally, i, j, random);
      if (tally.battles === checkpoints[next]) {
        if (isTrueOrder(tally, policy)) hits[next]!++;
        next++;
      }
    }
  }
  return hits.map((h) => h / seeds.length);
}

export interface BakeoffSimResult {
  activeVotes: number;
  activeAccuracy: number;
  uniformVotes: number;
  uniformAccuracy: number;
  uniformVotesForSameAccuracy: number | undefined;
}

export async function runBakeoffSimulation(
  print: (line: string) => void,
  runs = Number(process.env.PAIRWISE_BENCH_BAKEOFF_RUNS ?? 200),
): Promise<BakeoffSimResult> {
  const policy = DEFAULT_BAKEOFF_POLICY;
  const budget = 2000;
  const seeds = Array.from({ length: runs }, (_, k) => 1000 + k);
  const summarize = (all: Run[]) => ({
    votes: all.reduce((s, r) => s + r.votes, 0) / all.length,
    accuracy: all.filter((r) => r.correct).length / all.length,
    unstable: all.filter((r) => !r.stable).length,
  });
  const active = summarize(seeds.map((s) => runUntilStable(true, s, policy, budget)));
  const uniform = summarize(seeds.map((s) => runUntilStable(false, s, policy, budget)));
  print(
    `${MODELS} models ${TRUE_ELO[0]! - TRUE_ELO[1]!} Elo apart, 10% ties, ${runs} simulated bake-offs each, stop when stable at ${policy.confidence * 100}% (min ${policy.minViews} views, ${policy.exploration * 100}% exploration, ${policy.prior} pseudo-draw a pair):`,
  );
  print(
    `  active sampler: stable after ${active.votes.toFixed(0)} votes on average; the ranking it stopped on is the true one in ${(active.accuracy * 100).toFixed(1)}%${active.unstable ? ` (${active.unstable} hit the ${budget}-vote budget)` : ""}`,
  );
  print(
    `  uniform pairs, same fit and stopping rule: stable after ${uniform.votes.toFixed(0)} votes; true ranking in ${(uniform.accuracy * 100).toFixed(1)}%${uniform.unstable ? ` (${uniform.unstable} hit the budget)` : ""}`,
  );
  const checkpoints = Array.from({ length: 60 }, (_, k) => 25 * (k + 1));
  const curve = uniformAccuracy(seeds, checkpoints, policy);
  const reach = checkpoints.find((_, k) => curve[k]! >= active.accuracy);
  print(
    reach === undefined
      ? `  uniform pairs do not reach ${(active.accuracy * 100).toFixed(1)}% ranking accuracy within ${checkpoints.at(-1)} votes`
      : `  uniform pairs need ${reach} votes to reach the same ${(active.accuracy * 100).toFixed(1)}% ranking accuracy: the active sampler saves ${(100 * (1 - active.votes / reach)).toFixed(0)}% of the votes`,
  );
  return {
    activeVotes: active.votes,
    activeAccuracy: active.accuracy,
    uniformVotes: uniform.votes,
    uniformAccuracy: uniform.accuracy,
    uniformVotesForSameAccuracy: reach,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) await runBakeoffSimulation((line) => process.stdout.write(`${line}\n`));
