import { afterEach, describe, expect, it } from "vitest";
import { castVote } from "../../../src/services/cast-vote.js";
import { nextAssignment } from "../../../src/services/next-assignment.js";
import { buildReport } from "../../../src/services/reports/index.js";
import { verdictNaming, type FakeOpenAi, type FakeRequest } from "../../fakes/fake-openai/server.js";
import { fakeJudge, judgedCampaign, prescore } from "../../helpers/ai-judge.js";
import { createTestCore, seedCampaign, seedComparisons, type TestCore } from "../../helpers/core.js";

let server: FakeOpenAi | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const prefersA = (r: FakeRequest) => ({ verdict: verdictNaming(r, r.first.startsWith("Answer A") ? r.first : r.second) as "1" | "2", probability: 0.95 });
const person = (n: number) => ({ platform: "slack", workspaceId: "T1", userId: `U${n}` });
const targets = (core: TestCore) =>
  core.services.db.$client.prepare("SELECT external_id AS id, target_overlap AS target, done_count AS done, full FROM comparisons ORDER BY id").all();

/** The person's next item, voted for the stored choice `choice` whatever the display order. */
async function vote(core: TestCore, n: number, choice: "a" | "b") {
  const view = await nextAssignment(core.services, { campaign: "c", annotator: person(n) });
  core.clock.advance(60_000);
  const screen = (view.assignment.displayOrder === "ab") === (choice === "a") ? "1" : "2";
  return {
    item: view.comparison.externalId,
    result: await castVote(core.services, { annotator: person(n), assignmentId: view.assignment.id, choice: screen }),
  };
}

describe("confident pairs and the humans who confirm them", () => {
  it("one human confirms a confident verdict; one who overturns it sends the pair back to the full overlap", async () => {
    const core = createTestCore();
    seedComparisons(core, (await seedCampaign(core, judgedCampaign("  confidentOverlap: 1"))).id, 2);
    server = await fakeJudge({ respond: prefersA });
    await prescore(core, server);
    expect(targets(core)).toEqual([
      { id: "item-0", target: 1, done: 0, full: 0 },
      { id: "item-1", target: 1, done: 0, full: 0 },
    ]);

    const agrees = await vote(core, 1, "a");
    expect(agrees.item).toBe("item-0");
    expect(agrees.result.quality.item).toEqual({ kind: "settled", majority: "a" });
    const overturns = await vote(core, 1, "b");
    expect(overturns.item).toBe("item-1");
    expect(overturns.result.quality.item).toEqual({ kind: "extend", reason: "a confirming human overturned the AI judge's confident verdict" });
    expect(targets(core)).toEqual([
      { id: "item-0", target: 1, done: 1, full: 1 },
      { id: "item-1", target: 3, done: 1, full: 0 },
    ]);
    // The overturned pair takes two more people; the confirmed one none.
    expect((await vote(core, 2, "b")).item).toBe("item-1");

    const routing = (await buildReport(core.services, "c", "judge")).data.routing;
    expect(routing).toMatchObject({
      routes: { confident: 2, neutral: 0, borderline: 0 },
      before: 6,
      after: 2,
      saved: 4,
      baseline: 6,
      confirmed: 2,
      overturned: 1,
    });
  });

  it("with countsTowardOverlap the judge takes one slot of the overlap", async () => {
    const core = createTestCore();
    seedComparisons(core, (await seedCampaign(core, judgedCampaign("  countsTowardOverlap: true"))).id, 1);
    server = await fakeJudge({ respond: prefersA });
    await prescore(core, server);
    expect(targets(core)).toEqual([{ id: "item-0", target: 2, done: 0, full: 0 }]);
  });
});
