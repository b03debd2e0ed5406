import { describe, expect, it } from "vitest";
import { PairwiseError } from "../../src/errors.js";
import { parseCampaignText } from "../../src/io/campaign-file.js";
import { castVote } from "../../src/services/cast-vote.js";
import { nextAssignment } from "../../src/services/next-assignment.js";
import { saveCampaign } from "../../src/services/save-campaign.js";
import { skipAssignment } from "../../src/services/skip-assignment.js";
import { createTestCore, seedCampaign, seedComparisons } from "../helpers/core.js";

const who = (id: string) => ({ platform: "slack", workspaceId: "T1", userId: id });
const yaml = (extra = "") => `name: c\nstatus: active\nguidelines: Pick the better one.\ngoldRate: 0\n${extra}`;

async function errorCode(fn: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await fn();
  } catch (error) {
    return error instanceof PairwiseError ? error.code : "OTHER";
  }
  return undefined;
}

describe("nextAssignment", () => {
  it("never gives an item more open + done assignments than its overlap", async () => {
    const core = createTestCore();
    const c = await seedCampaign(core, yaml("overlap: 2"));
    seedComparisons(core, c.id, 3, { overlap: 2 });
    const handed: number[] = [];
    for (let i = 0; i < 10; i++) {
      try {
        handed.push((await nextAssignment(core.services, { campaign: "c", annotator: who(`U${i}`) })).comparison.id);
      } catch (error) {
        expect((error as PairwiseError).code).toBe("NO_WORK");
      }
    }
    expect(handed).toHaveLength(6);
    const perItem = new Map<number, number>();
    for (const id of handed) perItem.set(id, (perItem.get(id) ?? 0) + 1);
    expect([...perItem.values()]).toEqual([2, 2, 2]);
    const rows = core.services.db.$client.prepare("SELECT active_count, full FROM comparisons").all();
    expect(rows).toEqual([
      { active_count: 2, full: 1 },
      { active_count: 2, full: 1 },
      { active_count: 2, full: 1 },
    ]);
  });

  it("prefers the item closest to its overlap, so items complete early", async () => {
    const core = createTestCore();
    const c = await seedCampaign(core, yaml("overlap: 3"));
    seedComparisons(core, c.id, 5, { overlap: 3 });
    const first = await nextAssignment(core.services, { campaign: "c", annotator: who("U1") });
    const second = await nextAssignment(core.services, { campaign: "c", annotator: who("U2") });
    const third = await nextAssignment(core.services, { campaign: "c", annotator: who("U3") });
    expect(second.comparison.id).toBe(first.comparison.id);
    expect(third.comparison.id).toBe(first.comparison.id);
    const fourth = await nextAssignment(core.services, { campaign: "c", annotator: who("U4") });
    expect(fourth.comparison.id).not.toBe(first.comparison.id);
  });

  it("shows the open assignment again instead of handing out a second", async () => {
    const core = createTestCore();
    const c = await seedCampaign(core, yaml());
    seedComparisons(core, c.id, 3);
    const a = await nextAssignment(core.services, { campaign: "c", annotator: who("U1") });
    const b = await nextAssignment(core.services, { campaign: "c", annotator: who("U1") });
    expect(b.assignment.id).toBe(a.assignment.id);
    expect(b.resumed).toBe(true);
  });

  it("gives an expired lease's slot back to someone else", async () => {
    const core = createTestCore();
    const c = await seedCampaign(core, yaml("overlap: 1\nleaseMinutes: 10"));
    seedComparisons(core, c.id, 1, { overlap: 1 });
    const a = await nextAssignment(core.services, { campaign: "c", annotator: who("U1") });
    expect(await errorCode(async () => await nextAssignment(core.services, { campaign: "c", annotator: who("U2") }))).toBe("NO_WORK");
    core.clock.advance(10 * 60_000 + 1);
    const b = await nextAssignment(core.services, { campaign: "c", annotator: who("U2") });
    expect(b.comparison.id).toBe(a.comparison.id);
    expect(await errorCode(async () => await castVote(core.services, { annotator: who("U1"), assignmentId: a.assignment.id, choice: "1" }))).toBe("EXPIRED");
    await castVote(core.services, { annotator: who("U2"), assignmentId: b.assignment.id, choice: "1" });
    expect(core.services.db.$client.prepare("SELECT status FROM assignments ORDER BY id").all()).toEqual([{ status: "expired" }, { status: "done" }]);
  });

  it("never shows a person the same item twice, skipped or not", async () => {
    const core = createTestCore();
    const c = await seedCampaign(core, yaml());
    seedComparisons(core, c.id, 2);
    const a = await nextAssignment(core.services, { campaign: "c", annotator: who("U1") });
    await skipAssignment(core.services, { annotator: who("U1"), assignmentId: a.assignment.id });
    const b = await nextAssignment(core.services, { campaign: "c", annotator: who("U1") });
    expect(b.comparison.id).not.toBe(a.comparison.id);
    await castVote(core.services, { annotator: who("U1"), assignmentId: b.assignment.id, choice: "2" });
    expect(await errorCode(async () => await nextAssignment(core.services, { campaign: "c", annotator: who("U1") }))).toBe("NO_WORK");
    // The skipped slot went back to the pool for others.
    expect((await nextAssignment(core.services, { campaign: "c", annotator: who("U2") })).comparison.id).toBe(b.comparison.id);
  });

  it("injects gold at the campaign's rate, never the same gold item twice to one person", async () => {
    const core = createTestCore({ seed: 7 });
    const c = await seedCampaign(core, `name: c\nstatus: active\nguidelines: g\ngoldRate: 0.3\noverlap: 1`);
    seedComparisons(core, c.id, 400, { overlap: 1 });
    seedComparisons(core, c.id, 50, { kind: "gold", gold: "a", prefix: "gold" });
    const goldSeen = new Set<number>();
    let gold = 0;
    for (let i = 0; i < 200; i++) {
      const a = await nextAssignment(core.services, { campaign: "c", annotator: who("U1") });
      await castVote(core.services, { annotator: who("U1"), assignmentId: a.assignment.id, choice: "tie" });
      if (a.assignment.kind === "gold") {
        expect(goldSeen.has(a.comparison.id)).toBe(false);
        goldSeen.add(a.comparison.id);
        gold++;
      }
    }
    expect(gold).toBeGreaterThan(40);
    expect(gold).toBeLessThan(80);
  });

  it("randomizes and records the display order", async () => {
    const core = createTestCore({ seed: 3 });
    const c = await seedCampaign(core, yaml("overlap: 1"));
    seedComparisons(core, c.id, 100, { overlap: 1 });
    for (let i = 0; i < 100; i++) await nextAssignment(core.services, { campaign: "c", annotator: who(`U${i}`) });
    const orders = core.services.db.$client.prepare("SELECT display_order, count(*) AS n FROM assignments GROUP BY display_order").all() as { n: number }[];
    expect(orders).toHaveLength(2);
    for (const o of orders) expect(o.n).toBeGreaterThan(30);
  });

  it("refuses paused campaigns and unknown names clearly", async () => {
    const core = createTestCore();
    await seedCampaign(core, "name: p\nstatus: paused\nguidelines: g");
    await expect(nextAssignment(core.services, { campaign: "p", annotator: who("U1") })).rejects.toThrow(/is paused/);
    await expect(nextAssignment(core.services, { campaign: "nope", annotator: who("U1") })).rejects.toThrow(/No campaign named "nope". Campaigns: p/);
  });
});

describe("castVote", () => {
  it("keeps a changed answer as a new revision with history, within the lease only", async () => {
    const core = createTestCore();
    const c = await seedCampaign(core, yaml("leaseMinutes: 5"));
    seedComparisons(core, c.id, 1);
    const a = await nextAssignment(core.services, { campaign: "c", annotator: who("U1") });
    const first = await castVote(core.services, { annotator: who("U1"), assignmentId: a.assignment.id, choice: "1" });
    expect(first.status).toBe("recorded");
    const same = await castVote(core.services, { annotator: who("U1"), assignmentId: a.assignment.id, choice: "1" });
    expect(same.status).toBe("already_recorded");
    const changed = await castVote(core.services, { annotator: who("U1"), assignmentId: a.assignment.id, choice: "tie" });
    expect(changed.status).toBe("changed");
    expect(changed.judgment.revision).toBe(2);
    expect(core.services.db.$client.prepare("SELECT revision, choice FROM judgment_history").all()).toEqual([{ revision: 1, choice: first.judgment.choice }]);
    core.clock.advance(6 * 60_000);
    expect(await errorCode(async () => await castVote(core.services, { annotator: who("U1"), assignmentId: a.assignment.id, choice: "2" }))).toBe("EXPIRED");
    expect(core.services.db.$client.prepare("SELECT count(*) AS n, max(choice) AS choice FROM judgments").get()).toEqual({ n: 1, choice: "tie" });
  });

  it("says until when an answer could be changed in the team's time zone", async () => {
    // 2026-01-05 09:00 UTC is 10:00 in Berlin; the lease of 5 minutes ends at 10:05 there.
    const core = createTestCore({ timezone: "Europe/Berlin" });
    const c = await seedCampaign(core, yaml("leaseMinutes: 5"));
    seedComparisons(core, c.id, 1);
    const a = await nextAssignment(core.services, { campaign: "c", annotator: who("U1") });
    await castVote(core.services, { annotator: who("U1"), assignmentId: a.assignment.id, choice: "1" });
    core.clock.advance(6 * 60_000);
    await expect(castVote(core.services, { annotator: who("U1"), assignmentId: a.assignment.id, choice: "2" })).rejects.toThrow(
      "answers can be changed only until 10:05 Europe/Berlin, while the item is yours",
    );
  });

  it("records the time taken and the guideline version in force", async () => {
    const core = createTestCore();
    const c = await seedCampaign(core, yaml());
    seedComparisons(core, c.id, 2);
    const a = await nextAssignment(core.services, { campaign: "c", annotator: who("U1") });
    core.clock.advance(42_000);
    const v1 = await castVote(core.services, { annotator: who("U1"), assignmentId: a.assignment.id, choice: "1" });
    expect(v1.judgment.timeTakenMs).toBe(42_000);
    await saveCampaign(core.services, {
      file: parseCampaignText(yaml().replace("Pick the better one.", "Pick the more accurate one."), "c.yaml"),
      mode: "update",
    });
    const b = await nextAssignment(core.services, { campaign: "c", annotator: who("U1") });
    const v2 = await castVote(core.services, { annotator: who("U1"), assignmentId: b.assignment.id, choice: "1" });
    const versions = core.services.db.$client
      .prepare("SELECT j.id, g.version FROM judgments j JOIN guideline_versions g ON g.id = j.guideline_version_id ORDER BY j.id")
      .all();
    expect(versions).toEqual([
      { id: v1.judgment.id, version: 1 },
      { id: v2.judgment.id, version: 2 },
    ]);
  });

  it("refuses a vote on someone else's assignment without writing anything", async () => {
    const core = createTestCore();
    const c = await seedCampaign(core, yaml());
    seedComparisons(core, c.id, 1);
    const a = await nextAssignment(core.services, { campaign: "c", annotator: who("U1") });
    expect(await errorCode(async () => await castVote(core.services, { annotator: who("U2"), assignmentId: a.assignment.id, choice: "1" }))).toBe("FORBIDDEN");
    expect(await errorCode(async () => await castVote(core.services, { annotator: who("U1"), assignmentId: 999, choice: "1" }))).toBe("NOT_FOUND");
    expect(core.services.db.$client.prepare("SELECT count(*) AS n FROM judgments").get()).toEqual({ n: 0 });
  });
});
