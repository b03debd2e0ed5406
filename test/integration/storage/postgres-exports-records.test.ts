import { afterEach, describe, expect, it } from "vitest";
import { castVote } from "../../../src/services/cast-vote.js";
import { importComparisons } from "../../../src/services/import-comparisons.js";
import { nextAssignment } from "../../../src/services/next-assignment.js";
import {
  adoptPostMessage,
  failPendingPost,
  findChannelPost,
  insertChannelPost,
  itemsToPost,
  postsAwaitingPublish,
  postsOfComparison,
  setPostStatus,
} from "../../../src/storage/repos/channel-posts.repo.js";
import { campaignFacts, collectedSources, controlEvidence, importedSources, itemSources } from "../../../src/storage/repos/provenance.repo.js";
import {
  findSnapshot,
  insertOutcome,
  insertSnapshot,
  listSnapshots,
  outcomesOfCampaign,
  snapshotsMadeBefore,
} from "../../../src/storage/repos/snapshots.repo.js";
import { seedCampaign } from "../../helpers/core.js";
import { coreKeeper, DIALECTS, POSTGRES, type AnyCore } from "./pipeline/dialects.js";

/*
 * What exports record (snapshots, outcomes, a data card's provenance) and channel posts, on
 * SQLite and on PostgreSQL: the same campaign, imported and voted the same way on both, reads
 * back the same.
 */

const cores = coreKeeper();
afterEach(() => cores.closeAll());

/** A campaign with imported items and judgments (PandaLM's labels), two more files, and platform votes. */
async function seeded(core: AnyCore): Promise<number> {
  const campaign = await seedCampaign(core, "name: c\nstatus: active\nguidelines: g\ngoldRate: 0\nqualificationGate: false\npeerReviewRate: 0\noverlap: 4");
  await importComparisons(core.services, { campaign: "c", path: "test/fixtures/data/PandaLM/testset-v1.json", limit: 12 });
  core.clock.advance(60_000);
  await importComparisons(core.services, { campaign: "c", path: "test/fixtures/import/plain.csv" });
  for (const [platform, user] of [
    ["slack", "U1"],
    ["slack", "U2"],
    ["discord", "D1"],
  ] as const) {
    const who = { platform, workspaceId: "W", userId: user };
    for (let i = 0; i < 2; i++) {
      const a = await nextAssignment(core.services, { campaign: "c", annotator: who });
      core.clock.advance(15_000);
      await castVote(core.services, { annotator: who, assignmentId: a.assignment.id, choice: i === 0 ? "1" : "2" });
    }
  }
  return campaign.id;
}

/** Everything the provenance, snapshot and channel-post repos give for the seeded campaign, after some writes. */
async function readBack(core: AnyCore, campaignId: number) {
  const db = core.services.db;
  const provenance = {
    collected: await collectedSources(db, campaignId),
    imported: await importedSources(db, campaignId),
    items: await itemSources(db, campaignId),
    controls: await controlEvidence(db, campaignId),
    facts: await campaignFacts(db, campaignId),
  };
  const now = core.clock.now().getTime();
  const base = { campaignId, format: "trl", options: "{}", sha256: "ab".repeat(32), bytes: 1234, rows: 20, items: 12, path: "/tmp/x.jsonl" };
  const first = await insertSnapshot(db, { ...base, publicId: "snap_1", agreement: 0.625, now });
  const second = await insertSnapshot(db, { ...base, publicId: "snap_2", agreement: null, now: now + 1000 });
  const outcome = await insertOutcome(db, { campaignId, snapshotId: first.id, model: "m", benchmark: "b", metric: "acc", value: 0.75, notes: null, now });
  const snapshots = {
    first,
    second,
    outcome,
    found: await findSnapshot(db, "snap_2"),
    missing: await findSnapshot(db, "snap_9"),
    list: await listSnapshots(db, campaignId),
    outcomes: await outcomesOfCampaign(db, campaignId),
    before: (await snapshotsMadeBefore(db, now + 1)).map((s) => s.publicId),
  };
  const toPost = await itemsToPost(db, campaignId, 3);
  const made = [];
  for (const [i, comparisonId] of toPost.entries())
    made.push(
      await insertChannelPost(db, {
        campaignId,
        comparisonId,
        platform: "slack",
        channelId: "C1",
        displayOrder: i % 2 === 0 ? "ab" : "ba",
        createdAt: new Date(now),
      }),
    );
  const posts = {
    toPost,
    made,
    afterPosting: await itemsToPost(db, campaignId, 3),
    awaiting: (await postsAwaitingPublish(db, "slack")).map((p) => p.id),
    adopted: [await adoptPostMessage(db, made[0]!.id, "m1"), await adoptPostMessage(db, made[0]!.id, "m2")],
    failed: [await failPendingPost(db, made[1]!.id), await failPendingPost(db, made[0]!.id)],
    awaitingAfter: (await postsAwaitingPublish(db, "slack")).map((p) => p.id),
    ofComparison: await postsOfComparison(db, toPost[0]!),
  };
  await setPostStatus(db, made[0]!.id, "revealed");
  return { provenance, snapshots, posts, revealed: await findChannelPost(db, made[0]!.id) };
}

describe(`export records and channel posts on ${POSTGRES} read back as on SQLite`, () => {
  it("provenance, snapshots, outcomes, channel posts", async () => {
    const [sqlite, postgres] = [await cores.make(DIALECTS[0]![1]), await cores.make(DIALECTS[1]![1])];
    const onSqlite = await readBack(sqlite, await seeded(sqlite));
    const onPostgres = await readBack(postgres, await seeded(postgres));
    // What the SQLite side says, checked for substance so that two empty answers cannot agree.
    expect(onSqlite.provenance.collected.map((s) => [s.platform, s.judgments, s.annotators])).toEqual([
      ["slack", 4, 2],
      ["discord", 2, 1],
    ]);
    expect(onSqlite.provenance.imported).toMatchObject([
      { file: "testset-v1.json", judgments: 36, annotators: ["pandalm:annotator1", "pandalm:annotator2", "pandalm:annotator3"] },
    ]);
    expect(onSqlite.provenance.items.map((s) => [s.file, s.items])).toEqual([
      ["testset-v1.json", 12],
      ["plain.csv", 3],
    ]);
    expect(onSqlite.provenance.facts.models.length).toBeGreaterThan(1);
    expect(onSqlite.snapshots.list.map((s) => s.publicId)).toEqual(["snap_1", "snap_2"]);
    expect(onSqlite.snapshots.outcomes).toMatchObject([{ snapshotPublicId: "snap_1", value: 0.75 }]);
    expect(onSqlite.posts.toPost).toHaveLength(3);
    expect(onSqlite.posts.afterPosting).not.toContain(onSqlite.posts.toPost[0]);
    expect(onSqlite.posts.adopted).toEqual([true, false]);
    expect(onSqlite.posts.failed).toEqual([true, false]);
    expect(onSqlite.revealed).toMatchObject({ status: "revealed", messageId: "m1", createdAt: expect.any(Date) });
    expect(onPostgres).toEqual(onSqlite);
  });
});
