import { afterEach, describe, expect, it } from "vitest";
import { createTestCore, seedCampaign, seedComparisons } from "../../helpers/core.js";
import { fakeJudge, judgedCampaign, prescore, requestsPerPair } from "../../helpers/ai-judge.js";
import { verdictNaming, type FakeOpenAi } from "../../fakes/fake-openai/server.js";

let server: FakeOpenAi | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const targets = (core: ReturnType<typeof createTestCore>) =>
  core.services.db.$client.prepare("SELECT external_id AS id, target_overlap AS target, full FROM comparisons ORDER BY id").all() as { id: string; target: number; full: number }[];

describe("prescore against an OpenAI-compatible server", () => {
  it("asks both orders of every pair, reads the verdicts, and keeps them with their provenance", async () => {
    const core = createTestCore();
    const campaign = seedCampaign(core, judgedCampaign(""));
    seedComparisons(core, campaign.id, 3);
    // The judge prefers response A wherever it is shown, with p = 0.9 for its verdict token.
    server = await fakeJudge({ respond: (r) => ({ verdict: verdictNaming(r, r.first.startsWith("Answer A") ? r.first : r.second) as "1" | "2", probability: 0.9 }) });
    const summary = await prescore(core, server);
    expect(summary).toMatchObject({ planned: 3, scored: 3, failed: 0, ordersAgreed: 3, requests: 6 });
    expect([...requestsPerPair(server).values()]).toEqual([2, 2, 2]);
    const orders = server.requests.map((r) => (r.first.startsWith("Answer A") ? "ab" : "ba")).sort();
    expect(orders).toEqual(["ab", "ab", "ab", "ba", "ba", "ba"]);
    expect(server.requests[0]!.body).toMatchObject({ model: "judge-model", temperature: 0, logprobs: true, response_format: { type: "json_schema" } });

    const rows = core.services.db.$client
      .prepare("SELECT j.choice, j.source, j.display_order, v.model, v.prompt_version, v.confidence, v.orders_agree FROM judgments j JOIN ai_verdicts v ON v.judgment_id = j.id")
      .all() as { choice: string; source: string; display_order: string | null; model: string; prompt_version: string; confidence: number; orders_agree: number }[];
    expect(rows).toHaveLength(3);
    for (const r of rows) {
      expect(r).toMatchObject({ choice: "a", source: "ai", display_order: null, model: "judge-model", prompt_version: "judge-v1", orders_agree: 1 });
      expect(r.confidence).toBeCloseTo(0.9, 6);
    }
    const raw = core.services.db.$client.prepare("SELECT raw, via, structured FROM judge_answers").all() as { raw: string; via: string; structured: number }[];
    expect(raw).toHaveLength(6);
    expect(raw.every((a) => a.via === "json" && a.structured === 1 && JSON.parse(a.raw).verdict)).toBe(true);
  });
});
