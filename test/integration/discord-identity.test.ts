import { describe, expect, it } from "vitest";
import { castVote } from "../../src/services/cast-vote.js";
import { nextAssignment } from "../../src/services/next-assignment.js";
import { createTestCore, seedCampaign, seedComparisons } from "../helpers/core.js";

const CAMPAIGN = "name: c\nstatus: active\nguidelines: g\ngoldRate: 0\nqualificationGate: false\npeerReviewRate: 0\noverlap: 3";
const from = (workspaceId: string) => ({ platform: "discord", workspaceId, userId: "80351110224678912" });

describe("one Discord user is one annotator", () => {
  it("in two servers and a DM: never the same item twice, one annotator row", async () => {
    const core = createTestCore();
    const c = await seedCampaign(core, CAMPAIGN);
    seedComparisons(core, c.id, 2);
    const first = await nextAssignment(core.services, { campaign: "c", annotator: from("G1") });
    core.clock.advance(60_000);
    await castVote(core.services, { annotator: from("G1"), assignmentId: first.assignment.id, choice: "1" });
    const second = await nextAssignment(core.services, { campaign: "c", annotator: from("G2") });
    expect(second.assignment.comparisonId).not.toBe(first.assignment.comparisonId);
    core.clock.advance(60_000);
    await castVote(core.services, { annotator: from("dm"), assignmentId: second.assignment.id, choice: "1" });
    await expect(nextAssignment(core.services, { campaign: "c", annotator: from("G3") })).rejects.toThrow(/Nothing left for you/);
    expect(core.services.db.$client.prepare("SELECT platform, workspace_id, user_id FROM annotators").all()).toEqual([
      { platform: "discord", workspace_id: "*", user_id: "80351110224678912" },
    ]);
  });

  it("suspended in one server is suspended in every server", async () => {
    const core = createTestCore();
    const c = await seedCampaign(core, CAMPAIGN);
    seedComparisons(core, c.id, 2);
    await nextAssignment(core.services, { campaign: "c", annotator: from("G1") });
    core.services.db.$client.prepare("UPDATE annotators SET status = 'suspended'").run();
    await expect(nextAssignment(core.services, { campaign: "c", annotator: from("G2") })).rejects.toThrow(/paused by a lead/);
  });

  it("Slack user ids stay per workspace", async () => {
    const core = createTestCore();
    const c = await seedCampaign(core, CAMPAIGN);
    seedComparisons(core, c.id, 1);
    await nextAssignment(core.services, { campaign: "c", annotator: { platform: "slack", workspaceId: "T1", userId: "U1" } });
    await nextAssignment(core.services, { campaign: "c", annotator: { platform: "slack", workspaceId: "T2", userId: "U1" } });
    expect(core.services.db.$client.prepare("SELECT count(*) AS n FROM annotators").get()).toEqual({ n: 2 });
  });
});
