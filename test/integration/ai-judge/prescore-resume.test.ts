import { afterEach, describe, expect, it } from "vitest";
import { createOpenAiJudge } from "../../../adapters/openai-judge/index.js";
import { beginPrescore } from "../../../src/services/ai-judge/prescore-campaign.js";
import { createTestCore, seedCampaign, seedComparisons } from "../../helpers/core.js";
import { fakeJudge, judgedCampaign, prescore } from "../../helpers/ai-judge.js";
import { waitFor } from "../../helpers/wait-for.js";
import { verdictNaming, type FakeOpenAi, type FakeRequest } from "../../fakes/fake-openai/server.js";

let server: FakeOpenAi | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const prefersA = (r: FakeRequest) => verdictNaming(r, r.first.startsWith("Answer A") ? r.first : r.second) as "1" | "2";
const itemOf = (r: FakeRequest) => Number(/for (\d+)/.exec(r.first)![1]);
const count = (core: ReturnType<typeof createTestCore>, sql: string) => (core.services.db.$client.prepare(sql).get() as { n: number }).n;

describe("a prescore run that stops half-way", () => {
  it("resumes without asking for any answer twice: a run stopped mid-pair asks only for the missing order", async () => {
    const core = createTestCore();
    seedComparisons(core, (await seedCampaign(core, judgedCampaign("  concurrency: 2"))).id, 6);
    // First run: items 0–2 answer, item 3's second order hangs (the stop comes while it is in flight).
    let hangFrom = 3;
    server = await fakeJudge({ respond: (r) => (itemOf(r) >= hangFrom && !r.first.startsWith("Answer A") ? { hang: true } : { verdict: prefersA(r) }) });
    const stop = new AbortController();
    const job = await beginPrescore(
      core.services,
      { campaign: "c", requestedBy: "test" },
      { judge: createOpenAiJudge({ baseUrl: server.url }), signal: stop.signal },
    );
    await waitFor(
      () =>
        count(core, "SELECT count(*) AS n FROM judgments WHERE source = 'ai'") >= 3 &&
        server!.requests.some((r) => itemOf(r) === 3 && !r.first.startsWith("Answer A")),
      "three pairs scored and item 3's second order in flight",
    );
    stop.abort();
    const first = await job.done;
    expect(first.stopped).toBe("stopped on request");
    expect(core.services.db.$client.prepare("SELECT status FROM prescore_runs").get()).toEqual({ status: "interrupted" });
    const scoredBefore = first.scored;
    const storedInFirstRun = core.services.db.$client
      .prepare("SELECT x.external_id || ':' || a.display_order AS key FROM judge_answers a JOIN comparisons x ON x.id = a.comparison_id")
      .all() as { key: string }[];
    expect(storedInFirstRun.map((r) => r.key)).toContain("item-3:ab");

    hangFrom = Number.POSITIVE_INFINITY;
    const second = await prescore(core, server);
    expect(second.scored + scoredBefore).toBe(6);
    // Every answer stored by the first run was asked for once in all: never again by the second.
    const asked = new Map<string, number>();
    for (const r of server.requests) {
      const key = `item-${itemOf(r)}:${r.first.startsWith("Answer A") ? "ab" : "ba"}`;
      asked.set(key, (asked.get(key) ?? 0) + 1);
    }
    for (const { key } of storedInFirstRun) expect([key, asked.get(key)]).toEqual([key, 1]);
    expect(count(core, "SELECT count(*) AS n FROM judge_answers")).toBe(12);
  });

  it("one run per campaign: a second is refused while the first is going, and named", async () => {
    const core = createTestCore();
    seedComparisons(core, (await seedCampaign(core, judgedCampaign(""))).id, 2);
    const hanging = (server = await fakeJudge({ respond: () => ({ hang: true }) }));
    const stop = new AbortController();
    const job = await beginPrescore(
      core.services,
      { campaign: "c", requestedBy: "slack:ULEAD" },
      { judge: createOpenAiJudge({ baseUrl: hanging.url }), signal: stop.signal },
    );
    await expect(beginPrescore(core.services, { campaign: "c", requestedBy: "cli" }, { judge: createOpenAiJudge({ baseUrl: hanging.url }) })).rejects.toThrow(
      /Campaign "c" is being pre-scored already \(run 1, started 2026-01-05 09:00 UTC by slack:ULEAD, 0 of 2 pairs so far\)\. Wait for it, or stop it; a stopped run resumes where it left off\./,
    );
    stop.abort();
    await job.done;
  });

  it("takes over a run whose process died, marking it interrupted", async () => {
    const core = createTestCore();
    const campaign = await seedCampaign(core, judgedCampaign(""));
    seedComparisons(core, campaign.id, 1);
    core.services.db.$client.prepare("INSERT INTO annotators (platform, workspace_id, user_id, created_at) VALUES ('ai', 'judge-v1', 'judge-model', 0)").run();
    // A run left `running` by a process that no longer exists (pid 2^22 + 1 is above Linux's pid_max).
    core.services.db.$client
      .prepare(
        "INSERT INTO prescore_runs (campaign_id, judge_id, status, owner, requested_by, started_at, heartbeat_at) VALUES (?, 1, 'running', ?, 'cli', ?, ?)",
      )
      .run(campaign.id, `${(await import("node:os")).hostname()}:4194305`, Date.now(), Date.now());
    server = await fakeJudge({ respond: (r) => ({ verdict: prefersA(r) }) });
    expect(await prescore(core, server)).toMatchObject({ scored: 1 });
    expect(core.services.db.$client.prepare("SELECT id, status, note FROM prescore_runs ORDER BY id").all()).toEqual([
      { id: 1, status: "interrupted", note: expect.stringMatching(/its process \(.*:4194305\) stopped; taken over/) },
      { id: 2, status: "done", note: null },
    ]);
  });
});
