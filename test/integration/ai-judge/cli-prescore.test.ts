import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { verdictNaming, type FakeOpenAi } from "../../fakes/fake-openai/server.js";
import { fakeJudge } from "../../helpers/ai-judge.js";
import { prepareCampaign } from "../../helpers/bot-process.js";
import { runCli } from "../../helpers/cli.js";

let dir: string;
let server: FakeOpenAi | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "pw-cli-prescore-"));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const CAMPAIGN = "name: c\nstatus: active\nguidelines: g\ngoldRate: 0\nqualificationGate: false\npeerReviewRate: 0\noverlap: 3\n";
const prefersA = {
  respond: (r: Parameters<typeof verdictNaming>[0]) => ({
    verdict: verdictNaming(r, r.first.startsWith("Answer A") ? r.first : r.second) as "1" | "2",
    probability: 0.95,
  }),
};

describe("pairwise prescore", () => {
  it("scores the pairs, prints the tokens used, then the judge-vs-human report", async () => {
    const db = await prepareCampaign(dir, 3, CAMPAIGN);
    server = await fakeJudge(prefersA);
    const r = await runCli(["prescore", "c"], { DATABASE_PATH: db, PAIRWISE_JUDGE_URL: server.url, PAIRWISE_JUDGE_MODEL: "env-model" });
    expect(r.error).toBeUndefined();
    expect(r.out).toMatch(
      /^Pre-scored 3 of 3 pairs of c with env-model \(prompt judge-v1\) at http:\/\/127\.0\.0\.1:\d+\/v1 in [\d.]+ s \([\d.]+ pairs\/s\)\./,
    );
    expect(r.out).toContain("Both orders agreed on 3 (100%). Routed: 0 borderline (more humans), 0 unchanged, 3 confident.");
    expect(r.out).toMatch(/Tokens: [\d,]+ prompt \+ [\d,]+ completion = [\d,]+, in 6 requests \(0 retries\)\./);
    expect(r.out).toContain("AI judge vs humans in c");
    // No human judged yet: the report says so rather than inventing a figure.
    expect(r.out).toContain("Judge env-model (prompt judge-v1) scored 3 pairs; no person has judged any of them yet, so there is nothing to compare it with.");
    const again = await runCli(["prescore", "c"], { DATABASE_PATH: db, PAIRWISE_JUDGE_URL: server.url, PAIRWISE_JUDGE_MODEL: "env-model" });
    expect(again.out).toBe("Nothing to score in c: every regular pair has a verdict from env-model (prompt judge-v1).");
  });

  it("says what to set when the judge is not configured, before touching anything", async () => {
    const db = await prepareCampaign(dir, 2, CAMPAIGN);
    expect((await runCli(["prescore", "c"], { DATABASE_PATH: db })).error).toContain('No judge model for "c": set PAIRWISE_JUDGE_MODEL');
    expect((await runCli(["prescore", "c"], { DATABASE_PATH: db, PAIRWISE_JUDGE_MODEL: "m" })).error).toContain(
      "PAIRWISE_JUDGE_URL is required with PAIRWISE_JUDGE_MODEL",
    );
    expect((await runCli(["prescore", "c", "--limit", "0"], { DATABASE_PATH: db })).error).toContain('--limit must be a positive whole number, got "0".');
    expect(
      (await runCli(["prescore", "nope", "--dry-run"], { DATABASE_PATH: db, PAIRWISE_JUDGE_MODEL: "m", PAIRWISE_JUDGE_URL: "http://127.0.0.1:9/v1" })).error,
    ).toContain('No campaign named "nope"');
    const dry = await runCli(["prescore", "c", "--dry-run"], { DATABASE_PATH: db, PAIRWISE_JUDGE_MODEL: "m", PAIRWISE_JUDGE_URL: "http://127.0.0.1:9/v1" });
    expect(dry.out).toMatch(
      /^Dry run for c with m \(prompt judge-v1\): 2 pairs to score, 4 requests \(both orders of each pair\)\.\nEstimated tokens: about [\d,]+ prompt/,
    );
  });

  it("ends with an error naming the failed pairs, after its summary", async () => {
    const db = await prepareCampaign(dir, 2, `${CAMPAIGN}aiJudge:\n  retries: 0\n`);
    server = await fakeJudge({ respond: (r) => (r.first.includes("1") ? { text: "no idea" } : prefersA.respond(r)) });
    const r = await runCli(["prescore", "c", "--no-report"], { DATABASE_PATH: db, PAIRWISE_JUDGE_URL: server.url, PAIRWISE_JUDGE_MODEL: "m" });
    expect(r.out).toContain('1 pair failed; it stays unscored and the next run asks for it again:\n  q1: both orders: no verdict in the answer: "no idea"');
    expect(r.error).toBe("1 of 2 pairs failed (listed above); run `pairwise prescore c` again to retry them.");
  });
});

describe("pairwise import --prescore", () => {
  it("scores the pairs of that import only", async () => {
    const db = await prepareCampaign(dir, 2, CAMPAIGN);
    server = await fakeJudge(prefersA);
    writeFileSync(
      join(dir, "more.jsonl"),
      ["x", "y"].map((id) => JSON.stringify({ id, prompt: `Question ${id}?`, response_a: `Answer A${id}`, response_b: `Answer B${id}` })).join("\n"),
    );
    const r = await runCli(["import", "c", join(dir, "more.jsonl"), "--prescore"], {
      DATABASE_PATH: db,
      PAIRWISE_JUDGE_URL: server.url,
      PAIRWISE_JUDGE_MODEL: "m",
    });
    expect(r.error).toBeUndefined();
    expect(r.out).toContain("Imported 2 items");
    expect(r.out).toContain("Pre-scored 2 of 2 pairs of c");
    expect(new Set(server.requests.map((q) => q.first.replace(/Answer [AB]/, "")))).toEqual(new Set(["x", "y"]));
    expect((await runCli(["import", "c", join(dir, "more.jsonl"), "--prescore", "--skip-existing"], { DATABASE_PATH: db })).error).toContain(
      "--prescore needs the AI judge: set PAIRWISE_JUDGE_URL",
    );
  });
});
