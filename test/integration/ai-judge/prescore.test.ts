import { afterEach, describe, expect, it } from "vitest";
import { nextAssignment } from "../../../src/services/next-assignment.js";
import { createTestCore, seedCampaign, seedComparisons } from "../../helpers/core.js";
import { fakeJudge, judgedCampaign, prescore, requestsPerPair } from "../../helpers/ai-judge.js";
import { verdictNaming, type FakeOpenAi, type FakeRequest } from "../../fakes/fake-openai/server.js";

let server: FakeOpenAi | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

type Core = ReturnType<typeof createTestCore>;
const items = (core: Core) =>
  core.services.db.$client.prepare("SELECT external_id AS id, target_overlap AS target, full FROM comparisons ORDER BY id").all() as {
    id: string;
    target: number;
    full: number;
  }[];
const answers = (core: Core) =>
  core.services.db.$client.prepare("SELECT display_order, choice, probability, via, structured FROM judge_answers ORDER BY id").all() as {
    display_order: string;
    choice: string;
    probability: number | null;
    via: string;
    structured: number;
  }[];
/** The judge always prefers response A of item i, wherever it is shown. */
const prefersA = (r: FakeRequest) => verdictNaming(r, r.first.startsWith("Answer A") ? r.first : r.second) as "1" | "2";
const itemOf = (r: FakeRequest) => Number(/for (\d+)/.exec(r.first)![1]);

describe("prescore against an OpenAI-compatible server", () => {
  it("asks both orders of every pair, reads the verdicts, and keeps them with their provenance", async () => {
    const core = createTestCore();
    const campaign = await seedCampaign(core, judgedCampaign(""));
    seedComparisons(core, campaign.id, 3);
    server = await fakeJudge({ respond: (r) => ({ verdict: prefersA(r), probability: 0.9 }) });
    const summary = await prescore(core, server);
    expect(summary).toMatchObject({ planned: 3, scored: 3, failed: 0, ordersAgreed: 3, requests: 6, notes: [] });
    expect([...requestsPerPair(server).values()]).toEqual([2, 2, 2]);
    expect(server.requests.map((r) => (r.first.startsWith("Answer A") ? "ab" : "ba")).sort()).toEqual(["ab", "ab", "ab", "ba", "ba", "ba"]);
    expect(server.requests[0]!.body).toMatchObject({
      model: "judge-model",
      temperature: 0,
      logprobs: true,
      top_logprobs: 5,
      response_format: { type: "json_schema" },
    });
    expect(summary.promptTokens).toBeGreaterThan(0);

    const rows = core.services.db.$client
      .prepare(
        "SELECT j.choice, j.source, j.display_order, j.assignment_id, v.model, v.prompt_version, v.confidence, v.orders_agree FROM judgments j JOIN ai_verdicts v ON v.judgment_id = j.id",
      )
      .all() as Record<string, unknown>[];
    expect(rows).toHaveLength(3);
    for (const r of rows) {
      expect(r).toMatchObject({
        choice: "a",
        source: "ai",
        display_order: null,
        assignment_id: null,
        model: "judge-model",
        prompt_version: "judge-v1",
        orders_agree: 1,
      });
      expect(r.confidence).toBeCloseTo(0.9, 6);
    }
    const stored = answers(core);
    expect(stored).toHaveLength(6);
    expect(stored.every((a) => a.choice === "a" && a.via === "json" && a.structured === 1 && Math.abs(a.probability! - 0.9) < 1e-9)).toBe(true);
  });

  it("Ollama without logprobs: confidence is the agreement of the orders, and the summary says so", async () => {
    const core = createTestCore();
    seedComparisons(core, (await seedCampaign(core, judgedCampaign(""))).id, 2);
    server = await fakeJudge({ flavor: "ollama", respond: (r) => (itemOf(r) === 0 ? { verdict: prefersA(r) } : { verdict: "1" }) });
    const summary = await prescore(core, server);
    expect(summary.notes).toEqual([`${server.url} returned no logprobs: confidence is the agreement of the two orders alone`]);
    const verdicts = core.services.db.$client
      .prepare("SELECT j.choice, v.confidence, v.orders_agree FROM judgments j JOIN ai_verdicts v ON v.judgment_id = j.id ORDER BY j.comparison_id")
      .all();
    // Item 1: "1" in both orders is A first and B second: position bias, so a tie with no confidence.
    expect(verdicts).toEqual([
      { choice: "a", confidence: 1, orders_agree: 1 },
      { choice: "tie", confidence: 0, orders_agree: 0 },
    ]);
  });

  it("a server without JSON-schema output is asked for text, and the verdict is read from it", async () => {
    const core = createTestCore();
    // One request at a time, so exactly one is refused before the run switches to text.
    seedComparisons(core, (await seedCampaign(core, judgedCampaign("  concurrency: 1"))).id, 2);
    server = await fakeJudge({ rejectJsonSchema: true, respond: (r) => ({ text: `Response ${prefersA(r)} is the better one.\nVerdict: ${prefersA(r)}` }) });
    const summary = await prescore(core, server);
    expect(summary).toMatchObject({ scored: 2, failed: 0 });
    expect(summary.notes).toContain(`${server.url} refused JSON-schema output; answers are read from text instead`);
    // One refused request, then every request without response_format.
    expect(server.requests.filter((r) => r.body.response_format).length).toBe(1);
    expect(answers(core).every((a) => a.via === "text" && a.structured === 0 && a.choice === "a")).toBe(true);
  });

  it("routes pairs: borderline ones get more humans, confident ones fewer, the rest keep the overlap", async () => {
    const core = createTestCore();
    const campaign = await seedCampaign(core, judgedCampaign("  confidentOverlap: 1"));
    seedComparisons(core, campaign.id, 3);
    // Item 0: sure (0.95 both orders). Item 1: position bias (always the first). Item 2: middling (0.75).
    server = await fakeJudge({
      respond: (r) =>
        [
          { verdict: prefersA(r), probability: 0.95 },
          { verdict: "1" as const, probability: 0.99 },
          { verdict: prefersA(r), probability: 0.75 },
        ][itemOf(r)]!,
    });
    const summary = await prescore(core, server);
    expect(summary.routes).toEqual({ confident: 1, borderline: 1, neutral: 1 });
    expect(items(core)).toEqual([
      { id: "item-0", target: 1, full: 0 },
      { id: "item-1", target: 4, full: 0 },
      { id: "item-2", target: 3, full: 0 },
    ]);
    // The judge's verdict takes no slot: the confident pair still goes to one human, then no more.
    const who = (n: number) => ({ campaign: "c", annotator: { platform: "slack", workspaceId: "T1", userId: `U${n}` } });
    const first = await nextAssignment(core.services, who(1));
    expect(first.comparison.externalId).toBe("item-0");
    expect(items(core)[0]).toEqual({ id: "item-0", target: 1, full: 1 });
    expect((await nextAssignment(core.services, who(2))).comparison.externalId).not.toBe("item-0");
  });

  it("--dry-run counts the requests and estimates the tokens without calling the server; --limit scores the oldest first", async () => {
    const core = createTestCore();
    seedComparisons(core, (await seedCampaign(core, judgedCampaign("  maxTokens: 300"))).id, 5);
    server = await fakeJudge({ respond: (r) => ({ verdict: prefersA(r) }) });
    const dry = await prescore(core, server, { dryRun: true });
    expect(server.requests).toHaveLength(0);
    expect(dry.estimate).toMatchObject({ pairs: 5, requests: 10, completionTokensMax: 3000 });
    expect(dry.estimate!.promptTokens).toBeGreaterThan(10 * 100);
    expect(core.services.db.$client.prepare("SELECT count(*) AS n FROM prescore_runs").get()).toEqual({ n: 0 });

    const limited = await prescore(core, server, { limit: 2 });
    expect(limited).toMatchObject({ planned: 2, scored: 2 });
    expect(new Set(server.requests.map(itemOf))).toEqual(new Set([0, 1]));
    expect((await prescore(core, server, { dryRun: true })).estimate).toMatchObject({ pairs: 3, requests: 6 });
  });
});
