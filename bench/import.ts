import { createWriteStream, mkdirSync, rmSync, statSync } from "node:fs";
import { once } from "node:events";
import { join } from "node:path";
import { systemClock } from "../src/clock.js";
import { parseCampaignText } from "../src/io/campaign-file.js";
import { silentLogger } from "../src/logger.js";
import { seededRandom } from "../src/random.js";
import { importComparisons } from "../src/services/import-comparisons.js";
import { saveCampaign } from "../src/services/save-campaign.js";
import { closeDatabase, openDatabase } from "../src/storage/database.js";
import { pandaTexts } from "./large-db.js";
import { nowMs } from "./stats-util.js";

/** Writes a JSONL file of `rows` plain comparisons by replicating the shared PandaLM texts. */
async function buildJsonl(path: string, rows: number): Promise<void> {
  const texts = pandaTexts();
  const out = createWriteStream(path);
  for (let i = 0; i < rows; i++) {
    const t = texts[i % texts.length]!;
    const line = JSON.stringify({
      id: `row-${i}`,
      prompt: t.prompt,
      response_a: t.a || "(empty)",
      response_b: t.b || "(empty)",
      model_a: t.modelA,
      model_b: t.modelB,
      tags: ["pandalm"],
    });
    if (!out.write(`${line}\n`)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

/** Import throughput: a 100,000-row JSONL into a fresh campaign on disk, all in one import. */
export async function runImportBench(dir: string, print: (line: string) => void, rows = 100_000): Promise<{ rowsPerSecond: number }> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `import-${rows}.jsonl`);
  await buildJsonl(file, rows);
  const dbPath = join(dir, "import.db");
  for (const suffix of ["", "-wal", "-shm"]) rmSync(dbPath + suffix, { force: true });
  const db = openDatabase(dbPath);
  const ctx = { db, clock: systemClock, logger: silentLogger(), random: seededRandom(2) };
  await saveCampaign(ctx, { file: parseCampaignText("name: imp\nguidelines: g\n", "imp.yaml"), mode: "create" });
  const heapBefore = process.memoryUsage().heapUsed;
  let peakHeap = heapBefore;
  const start = nowMs();
  const result = await importComparisons(ctx, {
    campaign: "imp",
    path: file,
    onProgress: () => {
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    },
  });
  const elapsed = nowMs() - start;
  closeDatabase(db);
  const rowsPerSecond = (result.imported / elapsed) * 1000;
  print(
    `import: ${result.imported.toLocaleString("en-US")} rows (${(statSync(file).size / 1e6).toFixed(0)} MB JSONL) in ${(elapsed / 1000).toFixed(2)} s = ${rowsPerSecond.toFixed(0)} rows/s; heap grew at most ${((peakHeap - heapBefore) / 1e6).toFixed(0)} MB`,
  );
  return { rowsPerSecond };
}
