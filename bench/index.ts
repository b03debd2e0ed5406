import { runImportBench } from "./import.js";
import { runStatsBench } from "./stats.js";
import { runPeerBench } from "./peers.js";
import { runBakeoffSimulation } from "./bakeoff-sim.js";
import { runLoadBench } from "./load.js";
import { runSlackForgeryBench } from "./slack-forgery.js";
import { runContentionBench, runImportContentionBench } from "./contention.js";
import { runCliStartBench } from "./cli-start.js";
import { runPrescoreBench } from "./prescore.js";
import { BENCH_DIR, runVotePathBench } from "./vote-path.js";
import { runApiBench } from "./api.js";
import { runPostgresBench } from "./postgres.js";

/**
 * `npm run bench`: every figure from one run, so ratios compare like with like on a shared, noisy
 * machine. The first run builds a 1,000,000-item database (cached in the OS temp folder).
 */
async function main(): Promise<void> {
  const print = (line: string) => process.stdout.write(`${line}\n`);
  const started = Date.now();
  print(`Pairwise benchmarks · node ${process.version} · ${new Date().toISOString()}`);
  print("\n## Vote path");
  const vote = await runVotePathBench(print);
  print("\n## The vote path on PostgreSQL next to SQLite");
  const dialects = await runPostgresBench(BENCH_DIR, print);
  print("\n## Import");
  const imp = await runImportBench(BENCH_DIR, print);
  print("\n## Pipeline API");
  const api = await runApiBench(BENCH_DIR, print);
  print("\n## Load through the real adapters");
  await runLoadBench(BENCH_DIR, print);
  print("\n## Start");
  const cli = runCliStartBench(print);
  print("\n## Abuse and contention");
  await runSlackForgeryBench(print);
  await runContentionBench(BENCH_DIR, print);
  await runImportContentionBench(BENCH_DIR, print);
  print("\n## Statistics");
  await runStatsBench(print);
  print("\n## Statistics against statsmodels, scikit-learn, R and numpy (whole process, same files)");
  const peers = await runPeerBench(print);
  print("\n## Bake-off: the active sampler against uniform pairs (simulation)");
  const bakeoff = await runBakeoffSimulation(print);
  print("\n## AI judge prescoring (fake OpenAI-compatible server on 127.0.0.1)");
  const judge = await runPrescoreBench(BENCH_DIR, print);
  print("\n## Ratios (same run)");
  print(`vote+next pairs / raw inserts: ${(100 * vote.ratio).toFixed(1)}% (target ≥ 25%)`);
  print(`import rows / raw single-row inserts: ${(imp.rowsPerSecond / vote.ceilingPerSecond).toFixed(1)}× (batched, in chunks of 2,000 rows a transaction)`);
  print(
    `prescored pairs / raw single-row inserts: ${((100 * judge.overheadPairsPerSecond) / vote.ceilingPerSecond).toFixed(1)}% (three fsynced transactions a pair); 50 ms answers reach ${(100 * judge.latencyBoundRatio).toFixed(0)}% of the ideal`,
  );
  print(`items/s through the API / the import service: ${(api.apiRowsPerSecond / api.cliRowsPerSecond).toFixed(2)}×`);
  print(`vote path with a webhook on item.completed / without: p50 ${(api.subscribed.p50 / api.idle.p50).toFixed(2)}×`);
  print(
    `vote path while a batch is ingested / idle: p50 ${(api.ingesting.p50 / api.idle.p50).toFixed(2)}×, p99 ${(api.ingesting.p99 / api.idle.p99).toFixed(2)}×`,
  );
  print(`pairwise --help / node -e 0: ${cli.ratio.toFixed(1)}×`);
  for (const p of peers) print(`${p.name} / ${p.tool}: ${p.ratio.toFixed(2)}× (target ≤ 1.5)`);
  print(`bake-off votes until stable, active / uniform: ${(bakeoff.activeVotes / bakeoff.uniformVotes).toFixed(2)}×`);
  if (bakeoff.uniformVotesForSameAccuracy)
    print(
      `bake-off votes, active at its stop / uniform at the same ranking accuracy: ${(bakeoff.activeVotes / bakeoff.uniformVotesForSameAccuracy).toFixed(2)}×`,
    );
  if (dialects) {
    const d = dialects;
    print(
      `next+vote in process, PostgreSQL / SQLite: p50 ${(d.postgresPair.p50 / d.sqlitePair.p50).toFixed(2)}×, p99 ${(d.postgresPair.p99 / d.sqlitePair.p99).toFixed(2)}×`,
    );
    print(
      `votes/s, PostgreSQL / SQLite: one process ${(d.postgresOneProcess / d.sqliteVotesPerSecond).toFixed(2)}×, two processes ${(d.postgresTwoProcesses / d.sqliteVotesPerSecond).toFixed(2)}× (two / one process: ${(d.postgresTwoProcesses / d.postgresOneProcess).toFixed(2)}×)`,
    );
  }
  print(`\ndone in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

await main();
