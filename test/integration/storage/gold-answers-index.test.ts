import { describe, expect, it } from "vitest";
import { castVote } from "../../../src/services/cast-vote.js";
import { nextAssignment } from "../../../src/services/next-assignment.js";
import { RECENT_GOLD_ANSWERS } from "../../../src/storage/repos/quality-checks.repo.js";
import { createTestCore, seedCampaign, seedComparisons } from "../../helpers/core.js";

const who = { platform: "slack", workspaceId: "T1", userId: "U1" };

describe("gold answers", () => {
  it("are stored with their comparison's kind, so the accuracy check reads them off a partial index", async () => {
    const core = createTestCore();
    const c = await seedCampaign(core, "name: c\nstatus: active\nguidelines: g\ngoldRate: 0.5\nqualificationGate: false\npeerReviewRate: 0\n");
    seedComparisons(core, c.id, 2, { kind: "gold", gold: "a" });
    seedComparisons(core, c.id, 2);
    seedComparisons(core, c.id, 2, { kind: "gold", gold: "b", prefix: "gold-b" });
    for (let i = 0; i < 6; i++) {
      let a;
      try {
        a = await nextAssignment(core.services, { campaign: "c", annotator: who });
      } catch {
        break; // every item this annotator may get is done
      }
      core.clock.advance(60_000);
      await castVote(core.services, { annotator: who, assignmentId: a.assignment.id, choice: "1" });
    }
    const kinds = core.services.db.$client
      .prepare("SELECT j.kind AS stored, x.kind AS item FROM judgments j JOIN comparisons x ON x.id = j.comparison_id")
      .all() as { stored: string; item: string }[];
    expect(kinds.filter((k) => k.item === "gold").length).toBeGreaterThan(0);
    expect(kinds.filter((k) => k.item === "regular").length).toBeGreaterThan(0);
    for (const k of kinds) expect(k.stored).toBe(k.item);
    const plan = (core.services.db.$client.prepare(`EXPLAIN QUERY PLAN ${RECENT_GOLD_ANSWERS}`).all(1, c.id, 0) as { detail: string }[]).map((r) => r.detail);
    expect(plan.some((d) => d.includes("judgments_gold_recent"))).toBe(true);
    // No sort of the annotator's whole history: the index gives the newest first.
    expect(plan.some((d) => d.includes("TEMP B-TREE"))).toBe(false);
  });
});
