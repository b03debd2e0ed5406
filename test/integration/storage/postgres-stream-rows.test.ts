import type pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { castVote } from "../../../src/services/cast-vote.js";
import { nextAssignment } from "../../../src/services/next-assignment.js";
import { itemsWithVotes } from "../../../src/storage/repos/item-votes.repo.js";
import { rawJudgmentRows } from "../../../src/storage/repos/raw-judgments.repo.js";
import { statement } from "../../../src/storage/statement.js";
import { seedCampaign } from "../../helpers/core.js";
import { createPostgresTestCore, type PostgresTestCore } from "../../helpers/postgres-core.js";
import { TEST_POSTGRES_URL } from "../../helpers/postgres.js";

/*
 * The exports' long reads on PostgreSQL (storage/stream-rows.ts): one REPEATABLE READ, READ ONLY
 * snapshot from the first row to the last, read through a server-side cursor a batch at a time on
 * a server (PGlite, which has none, reads in one step), while people keep voting through the
 * services on the pool's other connections. Mirrors test/integration/storage/stream-rows.test.ts.
 */

const where = TEST_POSTGRES_URL ? "a PostgreSQL server" : "PGlite";
/** More judgments than one cursor batch holds (500), so the stream goes back to the server after the votes below committed. */
const JUDGED = 1200;
const who = (id: string) => ({ platform: "slack", workspaceId: "T1", userId: id });

let open: PostgresTestCore[] = [];
afterEach(async () => {
  for (const core of open) await core.close();
  open = [];
});

/** A campaign of JUDGED items, each judged once by one imported annotator, with room for two more people each. */
async function judgedCampaign(): Promise<{ core: PostgresTestCore; campaignId: number }> {
  const core = await createPostgresTestCore();
  open.push(core);
  const campaign = await seedCampaign(core, "name: c\nstatus: active\nguidelines: Pick the better one.\ngoldRate: 0\noverlap: 3\npeerReviewRate: 0\n");
  const db = core.services.db;
  await statement<[number, number]>(
    db,
    `INSERT INTO comparisons (campaign_id, external_id, prompt, response_a, response_b, kind, target_overlap, created_at)
     SELECT ?, 'item-' || g, '[]', 'Answer A ' || g, 'Answer B ' || g, 'regular', 3, ? FROM generate_series(1, ${JUDGED}) g`,
  ).run(campaign.id, 0);
  const annotator = await statement<[], { id: number }>(
    db,
    "INSERT INTO annotators (platform, workspace_id, user_id, created_at) VALUES ('external', 'import', 'labeler', 0) RETURNING id",
  ).get();
  await statement<[number, number]>(
    db,
    `INSERT INTO judgments (campaign_id, comparison_id, annotator_id, kind, choice, source, created_at, updated_at)
     SELECT campaign_id, id, ?, 'regular', 'a', 'import', 0, 0 FROM comparisons WHERE campaign_id = ?`,
  ).run(annotator!.id, campaign.id);
  await statement<[number]>(db, "UPDATE comparisons SET done_count = 1 WHERE campaign_id = ?").run(campaign.id);
  return { core, campaignId: campaign.id };
}

/** Three people each get an item and vote on it, through the services, each vote committed before this returns. */
async function votesLand(core: PostgresTestCore): Promise<void> {
  for (const id of ["U1", "U2", "U3"]) {
    const view = await nextAssignment(core.services, { campaign: "c", annotator: who(id) });
    core.clock.advance(30_000);
    expect((await castVote(core.services, { annotator: who(id), assignmentId: view.assignment.id, choice: "2" })).status).toBe("recorded");
  }
}

/** On a server, every pooled connection is back in the pool (none left checked out by a stream); PGlite has no pool to look at. */
function expectAllConnectionsBack(core: PostgresTestCore): void {
  if (core.postgres.kind !== "server") return;
  const pool = core.postgres.client as pg.Pool;
  expect(pool.totalCount - pool.idleCount).toBe(0);
}

const judgmentCount = async (core: PostgresTestCore) => (await statement<[], { n: number }>(core.services.db, "SELECT count(*) AS n FROM judgments").get())!.n;

describe(`streaming an export's rows on ${where}`, () => {
  it("reads one snapshot while votes keep landing (the raw export's stream)", async () => {
    const { core, campaignId } = await judgedCampaign();
    const ids: number[] = [];
    for await (const row of rawJudgmentRows(core.services.db, campaignId, {})) {
      ids.push(row.id);
      // Votes arrive while the export waits for its file to drain, before the stream's next batch.
      if (ids.length === 10) await votesLand(core);
    }
    expect(ids).toHaveLength(JUDGED);
    expect(new Set(ids).size).toBe(JUDGED);
    expect(await judgmentCount(core)).toBe(JUDGED + 3);
    // A stream started now sees the three votes.
    let after = 0;
    for await (const _ of rawJudgmentRows(core.services.db, campaignId, {})) after++;
    expect(after).toBe(JUDGED + 3);
  });

  it("reads one snapshot while votes keep landing (the training exports' stream, item by item)", async () => {
    const { core, campaignId } = await judgedCampaign();
    let items = 0;
    let votes = 0;
    for await (const item of itemsWithVotes(core.services.db, campaignId)) {
      items++;
      votes += item.votes.length;
      if (items === 10) await votesLand(core);
    }
    expect(items).toBe(JUDGED);
    expect(votes).toBe(JUDGED);
    expect(await judgmentCount(core)).toBe(JUDGED + 3);
  });

  it("gives its connection back when the reader stops early, again and again", async () => {
    const { core, campaignId } = await judgedCampaign();
    // More early stops than the test pool has connections (4): a connection kept by one would starve the next.
    for (let i = 0; i < 10; i++) {
      let seen = 0;
      for await (const _ of rawJudgmentRows(core.services.db, campaignId, {})) if (++seen === 3) break;
      expect(seen).toBe(3);
      expectAllConnectionsBack(core);
    }
    await votesLand(core);
    expect(await judgmentCount(core)).toBe(JUDGED + 3);
  });

  it("gives its connection back when the query fails", async () => {
    const { core, campaignId } = await judgedCampaign();
    for (let i = 0; i < 6; i++) {
      // NaN is no bigint: PostgreSQL refuses the parameter, inside the stream's read-only transaction.
      const failing = rawJudgmentRows(core.services.db, campaignId, { since: new Date(Number.NaN) });
      await expect(failing.next()).rejects.toThrow();
      expectAllConnectionsBack(core);
    }
    await votesLand(core);
    expect(await judgmentCount(core)).toBe(JUDGED + 3);
  });
});
