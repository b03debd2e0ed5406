import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { createOpenAiJudge } from "../adapters/openai-judge/index.js";
import { systemClock } from "../src/clock.js";
import { parseCampaignText } from "../src/io/campaign-file.js";
import { silentLogger } from "../src/logger.js";
import { seededRandom } from "../src/random.js";
import { prescoreCampaign } from "../src/services/ai-judge/prescore-campaign.js";
import { importComparisons } from "../src/services/import-comparisons.js";
import { saveCampaign } from "../src/services/save-campaign.js";
import { closeDatabase, openDatabase } from "../src/storage/database.js";
import { lengthJudge } from "../test/fakes/fake-openai/length-judge.js";
import { startFakeOpenAi } from "../test/fakes/fake-openai/server.js";
import { PANDALM } from "./large-db.js";

export interface PrescoreBench {
  /** Pairs a second against a server that answers at once: Pairwise's own cost per pair (prompts, HTTP, parsing, two fsynced answers and a verdict). */
  overheadPairsPerSecond: number;
  /** With a 50 ms answer and 8 requests in flight, against the ideal 8 / (2 × 50 ms) = 80 pairs/s. */
  latencyBoundRatio: number;
}

/**
 * Prescoring throughput on the PandaLM test set (999 pairs, on disk, synchronous=FULL) against the
 * fake OpenAI-compatible server on 127.0.0.1 (the length-preferring judge, vLLM-shaped answers
 * with logprobs). The fake runs in this process, so the figures are a floor.
 */
export async function runPrescoreBench(dir: string, print: (line: string) => void): Promise<PrescoreBench> {
  mkdirSync(dir, { recursive: true });
  const run = async (label: string, concurrency: number, delayMs: number, limit?: number) => {
    const dbPath = join(dir, "prescore.db");
    for (const suffix of ["", "-wal", "-shm"]) rmSync(dbPath + suffix, { force: true });
    const db = openDatabase(dbPath);
    const ctx = { db, clock: systemClock, logger: silentLogger(), random: seededRandom(3) };
    await saveCampaign(ctx, {
      file: parseCampaignText(`name: p\nguidelines: Pick the better response.\naiJudge:\n  model: bench\n  concurrency: ${concurrency}\n`, "p.yaml"),
      mode: "create",
    });
    await importComparisons(ctx, { campaign: "p", path: PANDALM });
    const server = await startFakeOpenAi({ respond: (r) => ({ ...lengthJudge(r), delayMs }) });
    try {
      const s = await prescoreCampaign(
        ctx,
        { campaign: "p", requestedBy: "bench", ...(limit ? { limit } : {}) },
        { judge: createOpenAiJudge({ baseUrl: server.url }) },
      );
      const rate = s.scored / s.seconds;
      print(
        `prescore ${label}: ${s.scored} pairs (${s.requests} requests) in ${s.seconds.toFixed(2)} s = ${rate.toFixed(1)} pairs/s; ${(s.promptTokens + s.completionTokens).toLocaleString("en-US")} tokens (${Math.round((s.promptTokens + s.completionTokens) / s.scored)} a pair)`,
      );
      return rate;
    } finally {
      await server.close();
      closeDatabase(db);
    }
  };
  await run("instant answers, 1 in flight", 1, 0, 300);
  const overhead = await run("instant answers, 8 in flight", 8, 0);
  const bound = await run("50 ms answers, 8 in flight", 8, 50, 400);
  const ratio = bound / (8 / (2 * 0.05));
  print(`prescore 50 ms answers, 8 in flight: ${(100 * ratio).toFixed(0)}% of the ideal 80 pairs/s`);
  return { overheadPairsPerSecond: overhead, latencyBoundRatio: ratio };
}
