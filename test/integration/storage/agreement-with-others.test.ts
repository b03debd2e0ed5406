import { describe, expect, it } from "vitest";
import { annotatorQa } from "../../../src/io/export/qa-report.js";
import { agreementWithOthersMajority } from "../../../src/storage/repos/annotator-quality.repo.js";
import { createTestCore, seedCampaign, seedComparisons } from "../../helpers/core.js";

describe("agreement with the others' majority", () => {
  // item 1: x b, y a, z b — for x and z the others split a/b, so item 1 counts for neither;
  //         for y the others agree on b, and y's a disagrees.
  // item 2: everyone b — every vote matches.
  // Breaking the a/b split by choice (a first) used to count x's and z's b as a disagreement.
  async function setUp() {
    const core = createTestCore();
    const campaign = await seedCampaign(core, "name: c\nguidelines: g\nstatus: active");
    const [one, two] = seedComparisons(core, campaign.id, 2);
    const db = core.services.db.$client;
    const person = (user: string) =>
      (
        db
          .prepare("INSERT INTO annotators (platform, workspace_id, user_id, status, created_at) VALUES ('slack', 'T1', ?, 'qualified', 0) RETURNING id")
          .get(user) as { id: number }
      ).id;
    const ids = { x: person("UX"), y: person("UY"), z: person("UZ") };
    const vote = (item: number, who: number, choice: string) =>
      db
        .prepare(
          "INSERT INTO judgments (campaign_id, comparison_id, annotator_id, choice, display_order, source, created_at, updated_at) VALUES (?, ?, ?, ?, 'ab', 'platform', 0, 0)",
        )
        .run(campaign.id, item, who, choice);
    vote(one!, ids.x, "b");
    vote(one!, ids.y, "a");
    vote(one!, ids.z, "b");
    for (const who of Object.values(ids)) vote(two!, who, "b");
    return { core, campaign, ids };
  }

  it("counts only items where the others have a unique majority", async () => {
    const { core, campaign, ids } = await setUp();
    const db = core.services.db;
    expect(await agreementWithOthersMajority(db, ids.x, campaign.id)).toEqual({ items: 1, share: 1 });
    expect(await agreementWithOthersMajority(db, ids.y, campaign.id)).toEqual({ items: 2, share: 0.5 });
    expect(await agreementWithOthersMajority(db, ids.z, campaign.id)).toEqual({ items: 1, share: 1 });
  });

  it("is the QA report's agreement, on the same votes as its kappa vs others", async () => {
    const { core, campaign } = await setUp();
    const agreement = (await annotatorQa(core.services.db, campaign.id, true)).annotators.map((a) => [a.annotator, a.agreementWithOthers]);
    expect(Object.fromEntries(agreement)).toEqual({ "slack:UX": 1, "slack:UY": 0.5, "slack:UZ": 1 });
  });
});
