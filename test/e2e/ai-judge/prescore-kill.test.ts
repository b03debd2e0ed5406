import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeOpenAi, verdictNaming, type FakeOpenAi } from "../../fakes/fake-openai/server.js";
import { prepareCampaign } from "../../helpers/bot-process.js";
import { waitFor } from "../../helpers/wait-for.js";

const API_KEY = "sk-prescore-e2e-0123456789";
let server: FakeOpenAi | undefined;
let child: ChildProcess | undefined;
let dir: string | undefined;
afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  server = child = dir = undefined;
});

/** `pairwise prescore c` as a real process (tsx directly, so a SIGKILL reaches the process doing the work). */
function runPrescore(db: string, url: string): { child: ChildProcess; output: string[]; exited: Promise<number | null> } {
  const output: string[] = [];
  const proc = spawn(process.execPath, ["--import", "tsx", "src/cli/index.ts", "prescore", "c", "--no-report"], {
    env: {
      ...process.env,
      DATABASE_PATH: db,
      PAIRWISE_JUDGE_URL: url,
      PAIRWISE_JUDGE_MODEL: "judge-model",
      PAIRWISE_JUDGE_API_KEY: API_KEY,
      LOG_LEVEL: "debug",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  proc.stdout!.on("data", (d: Buffer) => output.push(d.toString()));
  proc.stderr!.on("data", (d: Buffer) => output.push(d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on("exit", (code) => resolve(code)));
  return { child: proc, output, exited };
}

const CAMPAIGN = "name: c\nstatus: active\nguidelines: g\ngoldRate: 0\nqualificationGate: false\npeerReviewRate: 0\noverlap: 3\naiJudge:\n  concurrency: 2\n";

describe("a prescore process killed half-way (SIGKILL)", () => {
  it("resumes in the next run without asking again for any answer it stored", async () => {
    dir = mkdtempSync(join(tmpdir(), "pw-prescore-kill-"));
    const db = await prepareCampaign(dir, 12, CAMPAIGN);
    // The judge prefers A; each answer takes a moment, so the kill lands mid-run.
    server = await startFakeOpenAi({
      respond: (r) => ({ verdict: verdictNaming(r, r.first.startsWith("Answer A") ? r.first : r.second) as "1" | "2", probability: 0.9, delayMs: 40 }),
    });
    const reader = new Database(db, { readonly: true });
    const count = (sql: string) => (reader.prepare(sql).get() as { n: number }).n;

    const first = runPrescore(db, server.url);
    child = first.child;
    await waitFor(() => count("SELECT count(*) AS n FROM judgments WHERE source = 'ai'") >= 4, "four pairs scored", 30_000);
    first.child.kill("SIGKILL");
    await first.exited;
    const stored = (
      reader.prepare("SELECT x.external_id || ':' || a.display_order AS key FROM judge_answers a JOIN comparisons x ON x.id = a.comparison_id").all() as {
        key: string;
      }[]
    ).map((r) => r.key);
    expect(stored.length).toBeGreaterThanOrEqual(8);
    expect(reader.prepare("SELECT status FROM prescore_runs").all()).toEqual([{ status: "running" }]);

    const second = runPrescore(db, server.url);
    child = second.child;
    expect(await second.exited).toBe(0);
    const out = second.output.join("");
    expect(out).toMatch(/Pre-scored \d+ of \d+ pairs of c with judge-model/);

    const asked = new Map<string, number>();
    for (const r of server.requests) {
      const key = `q${/Answer [AB](\d+)/.exec(r.first)![1]}:${r.first.startsWith("Answer A") ? "ab" : "ba"}`;
      asked.set(key, (asked.get(key) ?? 0) + 1);
    }
    for (const key of stored) expect([key, asked.get(key)]).toEqual([key, 1]);
    expect(count("SELECT count(*) AS n FROM judgments WHERE source = 'ai'")).toBe(12);
    expect(count("SELECT count(*) AS n FROM judge_answers")).toBe(24);
    expect(reader.prepare("SELECT status FROM prescore_runs ORDER BY id").all()).toEqual([{ status: "interrupted" }, { status: "done" }]);
    // The key went to the server as a Bearer token and nowhere else: not in any output of either run.
    expect(server.requests.every((r) => r.authorization === `Bearer ${API_KEY}`)).toBe(true);
    expect(first.output.join("") + out).not.toContain(API_KEY);
    reader.close();
  });
});
