import { describe, expect, it } from "vitest";
import { castVote } from "../../../src/services/cast-vote.js";
import { nextAssignment } from "../../../src/services/next-assignment.js";
import { submitRationale } from "../../../src/services/submit-rationale.js";
import { toScreenChoice, type Choice } from "../../../src/domain/choice.js";
import { createTestCore, seedCampaign, seedComparisons, type TestCore } from "../../helpers/core.js";

const who = (id: string) => ({ platform: "slack", workspaceId: "T1", userId: id });

async function vote(core: TestCore, user: string, choice: Choice) {
  const a = await nextAssignment(core.services, { campaign: "c", annotator: who(user) });
  return await castVote(core.services, { annotator: who(user), assignmentId: a.assignment.id, choice: toScreenChoice(choice, a.assignment.displayOrder) });
}

const item = (core: TestCore) => core.services.db.$client.prepare("SELECT target_overlap AS target, full, done_count AS done FROM comparisons").get();

describe("adaptive overlap", () => {
  it("closes an item that is unanimous at the base overlap", async () => {
    const core = createTestCore();
    const c = await seedCampaign(core, "name: c\nstatus: active\nguidelines: g\ngoldRate: 0\noverlap: 3\nmaxOverlap: 5");
    seedComparisons(core, c.id, 1);
    for (const u of ["U1", "U2", "U3"]) await vote(core, u, "a");
    expect(item(core)).toEqual({ target: 3, full: 1, done: 3 });
    await expect(nextAssignment(core.services, { campaign: "c", annotator: who("U4") })).rejects.toThrow(/Nothing left/);
  });

  it("asks one more person while the item is split, up to the maximum, then sends it to adjudication", async () => {
    const core = createTestCore();
    const c = await seedCampaign(core, "name: c\nstatus: active\nguidelines: g\ngoldRate: 0\noverlap: 3\nmaxOverlap: 5");
    seedComparisons(core, c.id, 1);
    await vote(core, "U1", "a");
    await vote(core, "U2", "b");
    const third = await vote(core, "U3", "tie");
    expect(third.quality.item).toEqual({ kind: "extend", reason: "no majority (a 1, b 1, tie 1)" });
    expect(item(core)).toEqual({ target: 4, full: 0, done: 3 });
    expect((await vote(core, "U4", "a")).quality.item?.kind).toBe("extend");
    expect(item(core)).toEqual({ target: 5, full: 0, done: 4 });
    const fifth = await vote(core, "U5", "b");
    expect(fifth.quality.item?.kind).toBe("adjudicate");
    expect(item(core)).toEqual({ target: 5, full: 1, done: 5 });
    expect(core.services.db.$client.prepare("SELECT reason, status FROM adjudications").all()).toEqual([{ reason: "split", status: "pending" }]);
  });

  it("treats an 'ambiguous' difficulty or low confidence as a split, even with a majority", async () => {
    const core = createTestCore();
    const c = await seedCampaign(core, "name: c\nstatus: active\nguidelines: g\ngoldRate: 0\noverlap: 3\nmaxOverlap: 5");
    seedComparisons(core, c.id, 1);
    await vote(core, "U1", "a");
    await vote(core, "U2", "a");
    const third = await vote(core, "U3", "b");
    expect(third.quality.item).toEqual({ kind: "settled", majority: "a" });
    expect(item(core)).toMatchObject({ target: 3, full: 1 });
    await submitRationale(core.services, {
      annotator: who("U3"),
      assignmentId: third.assignment.id,
      values: { rationale: "Hard to say, both miss the point.", difficulty: "ambiguous" },
    });
    expect(item(core)).toMatchObject({ target: 4, full: 0 });
  });
});
