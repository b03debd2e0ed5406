import { describe, expect, it } from "vitest";
import { castVote } from "../../../src/services/cast-vote.js";
import { nextAssignment } from "../../../src/services/next-assignment.js";
import { submitRationale } from "../../../src/services/submit-rationale.js";
import { createTestCore, seedCampaign, seedComparisons } from "../../helpers/core.js";

const who = { platform: "slack", workspaceId: "T1", userId: "U1" };

describe("anomaly flags", () => {
  it("flags a too-fast vote, not a considered one, and leaves flagged judgments out of the export query", async () => {
    const core = createTestCore();
    const c = await seedCampaign(core, "name: c\nstatus: active\nguidelines: g\ngoldRate: 0");
    seedComparisons(core, c.id, 2);
    const fast = await nextAssignment(core.services, { campaign: "c", annotator: who });
    core.clock.advance(500);
    const r1 = await castVote(core.services, { annotator: who, assignmentId: fast.assignment.id, choice: "1" });
    expect(r1.quality.anomalies).toEqual(["too_fast"]);
    const slow = await nextAssignment(core.services, { campaign: "c", annotator: who });
    core.clock.advance(30_000);
    const r2 = await castVote(core.services, { annotator: who, assignmentId: slow.assignment.id, choice: "1" });
    expect(r2.quality.anomalies).toBeUndefined();
    expect(core.services.db.$client.prepare("SELECT judgment_id, kind FROM judgment_flags").all()).toEqual([{ judgment_id: r1.judgment.id, kind: "too_fast" }]);
  });

  it("flags a rationale that contradicts the vote, and clears it when corrected", async () => {
    const core = createTestCore();
    const c = await seedCampaign(core, "name: c\nstatus: active\nguidelines: g\ngoldRate: 0");
    seedComparisons(core, c.id, 1);
    const a = await nextAssignment(core.services, { campaign: "c", annotator: who });
    core.clock.advance(60_000);
    await castVote(core.services, { annotator: who, assignmentId: a.assignment.id, choice: "1" });
    await submitRationale(core.services, {
      annotator: who,
      assignmentId: a.assignment.id,
      values: { rationale: "Response 2 is better, it answers the question." },
    });
    expect(core.services.db.$client.prepare("SELECT kind, detail FROM judgment_flags").all()).toEqual([
      { kind: "contradiction", detail: "the rationale prefers Response 2 but the vote is Response 1" },
    ]);
    await submitRationale(core.services, {
      annotator: who,
      assignmentId: a.assignment.id,
      values: { rationale: "Response 1 is better, it answers the question." },
    });
    expect(core.services.db.$client.prepare("SELECT count(*) AS n FROM judgment_flags").get()).toEqual({ n: 0 });
  });

  it("flags straight-lining after 20 judgments on the same side", async () => {
    const core = createTestCore({ seed: 5 });
    const c = await seedCampaign(core, "name: c\nstatus: active\nguidelines: g\ngoldRate: 0\noverlap: 1");
    seedComparisons(core, c.id, 25, { overlap: 1 });
    let last;
    for (let i = 0; i < 20; i++) {
      const a = await nextAssignment(core.services, { campaign: "c", annotator: who });
      core.clock.advance(60_000);
      last = await castVote(core.services, { annotator: who, assignmentId: a.assignment.id, choice: "1" });
      if (i < 19) expect(last.quality.anomalies).toBeUndefined();
    }
    expect(last!.quality.anomalies).toEqual(["straight_lining"]);
  });

  it("flags position bias that straight-lining misses: the first-shown response 5 times in 6, sustained", async () => {
    const core = createTestCore({ seed: 7 });
    const c = await seedCampaign(core, "name: c\nstatus: active\nguidelines: g\ngoldRate: 0\noverlap: 1\npeerReviewRate: 0");
    seedComparisons(core, c.id, 45, { overlap: 1 });
    const flagged: { vote: number; anomalies: string[] }[] = [];
    for (let i = 0; i < 40; i++) {
      const a = await nextAssignment(core.services, { campaign: "c", annotator: who });
      core.clock.advance(60_000);
      const r = await castVote(core.services, { annotator: who, assignmentId: a.assignment.id, choice: i % 6 === 5 ? "2" : "1" });
      if (r.quality.anomalies) flagged.push({ vote: i + 1, anomalies: r.quality.anomalies });
    }
    // Never 90% of 20 on one side (straight-lining), but far above chance over 30 and more.
    expect(flagged.every((f) => f.anomalies.join() === "position_bias")).toBe(true);
    expect(flagged[0]!.vote).toBeGreaterThanOrEqual(30);
    expect(flagged.at(-1)!.vote).toBe(40);
    const detail = core.services.db.$client.prepare("SELECT detail FROM judgment_flags WHERE kind = 'position_bias' ORDER BY id DESC LIMIT 1").get() as {
      detail: string;
    };
    expect(detail.detail).toBe("preferred the response shown first in 34 of the last 40 preferences (binomial p = 0.0000084 against 50%)");
  });

  it("does not flag an annotator whose sides follow the random display order", async () => {
    const core = createTestCore({ seed: 11 });
    const c = await seedCampaign(core, "name: c\nstatus: active\nguidelines: g\ngoldRate: 0\noverlap: 1\npeerReviewRate: 0");
    seedComparisons(core, c.id, 45, { overlap: 1 });
    for (let i = 0; i < 40; i++) {
      const a = await nextAssignment(core.services, { campaign: "c", annotator: who });
      core.clock.advance(60_000);
      // A fair annotator who always prefers the stored response A, wherever it is shown.
      const r = await castVote(core.services, { annotator: who, assignmentId: a.assignment.id, choice: a.assignment.displayOrder === "ab" ? "1" : "2" });
      expect(r.quality.anomalies?.filter((k) => k === "position_bias") ?? []).toEqual([]);
    }
  });
});
