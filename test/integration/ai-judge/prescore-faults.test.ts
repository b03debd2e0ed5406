import { afterEach, describe, expect, it } from "vitest";
import { createOpenAiJudge } from "../../../adapters/openai-judge/index.js";
import { prescoreCampaign } from "../../../src/services/ai-judge/prescore-campaign.js";
import { createTestCore, seedCampaign, seedComparisons } from "../../helpers/core.js";
import { fakeJudge, judgedCampaign, prescore } from "../../helpers/ai-judge.js";
import { freePort } from "../../helpers/bot-process.js";
import { verdictNaming, type FakeOpenAi, type FakeRequest } from "../../fakes/fake-openai/server.js";

let server: FakeOpenAi | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

type Core = ReturnType<typeof createTestCore>;
const prefersA = (r: FakeRequest) => verdictNaming(r, r.first.startsWith("Answer A") ? r.first : r.second) as "1" | "2";
const itemOf = (r: FakeRequest) => Number(/for (\d+)/.exec(r.first)![1]);
const scoredItems = (core: Core) =>
  (
    core.services.db.$client
      .prepare("SELECT x.external_id AS id FROM judgments j JOIN comparisons x ON x.id = j.comparison_id WHERE j.source = 'ai' ORDER BY x.id")
      .all() as { id: string }[]
  ).map((r) => r.id);
const runs = (core: Core) =>
  core.services.db.$client.prepare("SELECT status, scored, failed, requests, retries, note FROM prescore_runs ORDER BY id").all() as {
    status: string;
    scored: number;
    failed: number;
    requests: number;
    retries: number;
    note: string | null;
  }[];

async function setup(count: number, aiJudge = "") {
  const core = createTestCore();
  seedComparisons(core, (await seedCampaign(core, judgedCampaign(aiJudge))).id, count);
  return core;
}

describe("prescore when the server misbehaves", () => {
  it("waits out a 429's Retry-After before asking again, and pauses the other requests too", async () => {
    const core = await setup(1, "  concurrency: 1");
    const at: number[] = [];
    server = await fakeJudge({
      respond: (r) => {
        at.push(Date.now());
        return r.n === 1 ? { status: 429, message: "rate limit", headers: { "retry-after": "1" } } : { verdict: prefersA(r) };
      },
    });
    const summary = await prescore(core, server);
    expect(summary).toMatchObject({ scored: 1, failed: 0, retries: 1, requests: 3 });
    // The retry came no sooner than the server asked.
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(950);
    expect(runs(core)[0]).toMatchObject({ status: "done", scored: 1, requests: 3, retries: 1 });
  });

  it("retries 5xx with backoff, and a pair that keeps failing gets the server's reason", async () => {
    const core = await setup(2, "  retries: 2");
    server = await fakeJudge({
      respond: (r) =>
        itemOf(r) === 1 ? { status: 500, message: "CUDA out of memory" } : r.n <= 2 ? { status: 503, message: "busy" } : { verdict: prefersA(r) },
    });
    const summary = await prescore(core, server);
    expect(summary).toMatchObject({ scored: 1, failed: 1 });
    expect(summary.failures).toEqual([{ item: "item-1", error: `both orders: ${server.url} answered 500: CUDA out of memory (after 3 attempts)` }]);
    expect(scoredItems(core)).toEqual(["item-0"]);
    expect(runs(core)[0]).toMatchObject({ status: "done", failed: 1 });
  });

  it("a slow answer is abandoned at the timeout and reported for its pair; the others are scored", async () => {
    const core = await setup(3, "  timeoutSeconds: 1\n  retries: 0");
    server = await fakeJudge({ respond: (r) => (itemOf(r) === 2 ? { hang: true } : { verdict: prefersA(r) }) });
    const summary = await prescore(core, server);
    expect(summary).toMatchObject({ scored: 2, failed: 1 });
    expect(summary.failures[0]!.error).toContain(`${server.url} gave no answer within 1 s (aiJudge.timeoutSeconds)`);
  });

  it("nonsense is an error for its pair only, quoting it; the order that made sense is kept for next time", async () => {
    const core = await setup(2);
    server = await fakeJudge({
      respond: (r) =>
        itemOf(r) === 0 && !r.first.startsWith("Answer A") ? { text: "As an AI language model I find both delightful." } : { verdict: prefersA(r) },
    });
    const summary = await prescore(core, server);
    expect(summary).toMatchObject({ scored: 1, failed: 1 });
    expect(summary.failures).toEqual([{ item: "item-0", error: 'B shown first: no verdict in the answer: "As an AI language model I find both delightful."' }]);
    expect(core.services.db.$client.prepare("SELECT count(*) AS n FROM judge_answers").get()).toEqual({ n: 3 });
  });

  it("an answer cut off by max_tokens says to raise aiJudge.maxTokens", async () => {
    const core = await setup(1, "  retries: 0");
    server = await fakeJudge({ respond: () => ({ text: '{"explanation": "Response 1 is better because', finishReason: "length" }) });
    const summary = await prescore(core, server);
    expect(summary.failures[0]!.error).toMatch(/the answer ran out of tokens: raise aiJudge\.maxTokens, now 800/);
  });

  it("a server that is down stops the run after a row of failed pairs, with a clear reason, nothing half-stored", async () => {
    const core = await setup(20, "  concurrency: 2\n  retries: 1");
    const url = `http://127.0.0.1:${await freePort()}/v1`;
    const summary = await prescoreCampaign(
      core.services,
      { campaign: "c", requestedBy: "test" },
      { judge: createOpenAiJudge({ baseUrl: url }), backoffBaseMs: 1 },
    );
    expect(summary.stopped).toMatch(
      /^5 pairs in a row failed to reach an answer \(.*cannot reach http:\/\/127\.0\.0\.1:\d+\/v1: connection refused: is the server running\?.*\); the server looks down or overloaded$/,
    );
    expect(summary.scored).toBe(0);
    expect(summary.failed).toBeLessThan(20);
    // Nothing answered, so nothing to say about logprobs.
    expect(summary.notes).toEqual([]);
    expect(runs(core)[0]).toMatchObject({ status: "failed", scored: 0 });
    expect(scoredItems(core)).toEqual([]);
  });

  it("a refused key stops the run at once: every pair would fail the same way", async () => {
    const core = await setup(10, "  concurrency: 1");
    server = await fakeJudge({ respond: () => ({ status: 401, message: "Incorrect API key provided" }) });
    const summary = await prescore(core, server);
    expect(summary.stopped).toBe(
      `the server refused the run: both orders: ${server.url} answered 401: Incorrect API key provided (check PAIRWISE_JUDGE_API_KEY)`,
    );
    expect(server.requests.length).toBeLessThanOrEqual(2);
  });
});
