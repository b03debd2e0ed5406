import { afterEach, describe, expect, it } from "vitest";
import { PairwiseError } from "../../../src/errors.js";
import { castVote } from "../../../src/services/cast-vote.js";
import { nextAssignment } from "../../../src/services/next-assignment.js";
import { statement } from "../../../src/storage/statement.js";
import { seedCampaign } from "../../helpers/core.js";
import { createPostgresTestCore, type PostgresTestCore } from "../../helpers/postgres-core.js";
import { seedItems } from "../../helpers/both-cores.js";
import { TEST_POSTGRES_URL } from "../../helpers/postgres.js";

/*
 * The vote path (next item, vote, change of vote, the quality checks after it) on PostgreSQL,
 * through the same services as on SQLite: PGlite in `npm test`, the real server when
 * PAIRWISE_TEST_POSTGRES_URL is set (CI). On the server the concurrent cases really run side by
 * side, on pooled connections; on PGlite (one connection) they interleave between statements.
 */

/** Gold items in the gold test: enough answers for the gold accuracy rule to judge (GOLD_MINIMUM, domain/item-outcome.ts). */
const GOLD = 10;
const where = TEST_POSTGRES_URL ? "a PostgreSQL server" : "PGlite";
const who = (id: string) => ({ platform: "slack", workspaceId: "T1", userId: id });
const yaml = (extra = "") => `name: c\nstatus: active\nguidelines: Pick the better one.\ngoldRate: 0\n${extra}`;

let open: PostgresTestCore[] = [];
afterEach(async () => {
  for (const core of open) await core.close();
  open = [];
});

async function core(): Promise<PostgresTestCore> {
  const made = await createPostgresTestCore();
  open.push(made);
  return made;
}

function rows<Row>(c: PostgresTestCore, sql: string): Promise<Row[]> {
  return statement<[], Row>(c.services.db, sql).all();
}

function codeOf(result: PromiseSettledResult<unknown>): string | undefined {
  if (result.status === "fulfilled") return undefined;
  return result.reason instanceof PairwiseError ? result.reason.code : String(result.reason);
}

/** Every item's assignments and judgments, with the counters the picks read, as the database holds them. */
async function itemState(c: PostgresTestCore) {
  return rows<{ id: number; target: number; active: number; done: number; full: boolean; assigned: number; live: number; judged: number }>(
    c,
    `SELECT x.id, x.target_overlap AS target, x.active_count AS active, x.done_count AS done, x."full" AS "full",
            (SELECT count(*) FROM assignments a WHERE a.comparison_id = x.id) AS assigned,
            (SELECT count(*) FROM assignments a WHERE a.comparison_id = x.id AND a.status IN ('open', 'done')) AS live,
            (SELECT count(*) FROM judgments j WHERE j.comparison_id = x.id) AS judged
       FROM comparisons x ORDER BY x.id`,
  );
}

describe(`the vote path on ${where}`, () => {
  it("hands annotators items and records their votes, with the quality checks after each", async () => {
    const c = await core();
    const campaign = await seedCampaign(c, yaml("overlap: 2\npeerReviewRate: 1"));
    await seedItems(c, campaign.id, 3, { overlap: 2 });
    for (const id of ["U1", "U2", "U3"]) {
      const view = await nextAssignment(c.services, { campaign: "c", annotator: who(id) });
      expect(view.resumed).toBe(false);
      expect(view.assignment.status).toBe("open");
      // The same person asking again gets the same card back.
      expect((await nextAssignment(c.services, { campaign: "c", annotator: who(id) })).assignment.id).toBe(view.assignment.id);
      c.clock.advance(30_000);
      const vote = await castVote(c.services, { annotator: who(id), assignmentId: view.assignment.id, choice: "1" });
      expect(vote.status).toBe("recorded");
      expect(vote.judgment.assignmentId).toBe(view.assignment.id);
    }
    const items = await itemState(c);
    // Fullest first: the first item took two people, the second one.
    expect(items.map((i) => [i.active, i.done, i.full])).toEqual([
      [2, 2, true],
      [1, 1, false],
      [0, 0, false],
    ]);
    const [counts] = await rows<{ judgments: number; reviews: number; assignments: number }>(
      c,
      "SELECT (SELECT count(*) FROM judgments) AS judgments, (SELECT count(*) FROM peer_reviews) AS reviews, (SELECT count(*) FROM assignments WHERE status = 'done') AS assignments",
    );
    expect(counts).toEqual({ judgments: 3, reviews: 3, assignments: 3 });
  });

  it("changes a vote within the lease, keeping the old one in history, and refuses a change after it", async () => {
    const c = await core();
    await seedCampaign(c, yaml("leaseMinutes: 10"));
    const campaign = (await rows<{ id: number }>(c, "SELECT id FROM campaigns"))[0]!;
    await seedItems(c, campaign.id, 2);
    const view = await nextAssignment(c.services, { campaign: "c", annotator: who("U1") });
    c.clock.advance(30_000);
    const first = await castVote(c.services, { annotator: who("U1"), assignmentId: view.assignment.id, choice: "1" });
    expect((await castVote(c.services, { annotator: who("U1"), assignmentId: view.assignment.id, choice: "1" })).status).toBe("already_recorded");
    const changed = await castVote(c.services, { annotator: who("U1"), assignmentId: view.assignment.id, choice: "2" });
    expect(changed.status).toBe("changed");
    expect(changed.judgment.id).toBe(first.judgment.id);
    expect(changed.judgment.revision).toBe(first.judgment.revision + 1);
    expect(changed.judgment.choice).not.toBe(first.judgment.choice);
    expect(await rows(c, "SELECT revision, choice FROM judgment_history")).toEqual([{ revision: first.judgment.revision, choice: first.judgment.choice }]);
    c.clock.advance(11 * 60_000);
    const late = await Promise.allSettled([castVote(c.services, { annotator: who("U1"), assignmentId: view.assignment.id, choice: "1" })]);
    expect(codeOf(late[0]!)).toBe("EXPIRED");
    const [item] = await itemState(c);
    expect(item!.done).toBe(1);
  });

  it("never takes an item past its overlap, with many people asking at once", async () => {
    const c = await core();
    const campaign = await seedCampaign(c, yaml("overlap: 2"));
    await seedItems(c, campaign.id, 4, { overlap: 2 });
    const asked = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => nextAssignment(c.services, { campaign: "c", annotator: who(`U${i}`) })));
    expect(asked.filter((r) => r.status === "fulfilled")).toHaveLength(8);
    expect(asked.map(codeOf).filter((code) => code !== undefined)).toEqual(["NO_WORK", "NO_WORK", "NO_WORK", "NO_WORK"]);
    for (const item of await itemState(c)) expect(item).toMatchObject({ target: 2, active: 2, assigned: 2, full: true });
  });

  it("never hands one person the same item twice, however their clicks interleave", async () => {
    const c = await core();
    const campaign = await seedCampaign(c, yaml("overlap: 3"));
    await seedItems(c, campaign.id, 6, { overlap: 3 });
    const people = ["U1", "U2", "U3", "U4"];
    // Each person asks three times at once: one card, shown three times.
    const first = await Promise.all(people.flatMap((id) => [1, 2, 3].map(() => nextAssignment(c.services, { campaign: "c", annotator: who(id) }))));
    for (let p = 0; p < people.length; p++) expect(new Set(first.slice(p * 3, p * 3 + 3).map((v) => v.assignment.id)).size).toBe(1);
    // Again once they exist (the first time, creating the annotator row kept their asks apart).
    c.clock.advance(5_000);
    for (let p = 0; p < people.length; p++) await castVote(c.services, { annotator: who(people[p]!), assignmentId: first[p * 3]!.assignment.id, choice: "1" });
    const second = await Promise.all(people.flatMap((id) => [1, 2, 3].map(() => nextAssignment(c.services, { campaign: "c", annotator: who(id) }))));
    for (let p = 0; p < people.length; p++) expect(new Set(second.slice(p * 3, p * 3 + 3).map((v) => v.assignment.id)).size).toBe(1);
    const seen = new Map<string, number[]>(people.map((id, p) => [id, [first[p * 3]!.comparison.id]]));
    // Then everyone works through the campaign side by side until nothing is left for them.
    await Promise.all(
      people.map(async (id) => {
        for (;;) {
          const [next] = await Promise.allSettled([nextAssignment(c.services, { campaign: "c", annotator: who(id) })]);
          if (next!.status === "rejected") {
            expect(codeOf(next!)).toBe("NO_WORK");
            return;
          }
          const view = next!.value;
          seen.set(id, [...(seen.get(id) ?? []), view.comparison.id]);
          c.clock.advance(5_000);
          await castVote(c.services, { annotator: who(id), assignmentId: view.assignment.id, choice: "2" });
        }
      }),
    );
    for (const [, items] of seen) expect(new Set(items).size).toBe(items.length);
    expect([...seen.values()].flat()).toHaveLength(18);
    for (const item of await itemState(c)) expect(item).toMatchObject({ done: 3, judged: 3, active: 3, assigned: 3 });
  });

  it("records a vote once when the same click arrives several times at once", async () => {
    const c = await core();
    const campaign = await seedCampaign(c, yaml("overlap: 2"));
    await seedItems(c, campaign.id, 5, { overlap: 2 });
    const people = Array.from({ length: 8 }, (_, i) => `U${i}`);
    const views = await Promise.all(people.map((id) => nextAssignment(c.services, { campaign: "c", annotator: who(id) })));
    c.clock.advance(30_000);
    const votes = await Promise.all(
      views.flatMap((view, i) => [1, 2, 3].map(() => castVote(c.services, { annotator: who(people[i]!), assignmentId: view.assignment.id, choice: "1" }))),
    );
    const statuses = votes.map((v) => v.status);
    expect(statuses.filter((s) => s === "recorded")).toHaveLength(8);
    expect(statuses.filter((s) => s === "already_recorded")).toHaveLength(16);
    const [counts] = await rows<{ judgments: number; done: number }>(
      c,
      "SELECT (SELECT count(*) FROM judgments) AS judgments, (SELECT sum(done_count) FROM comparisons) AS done",
    );
    expect(counts).toEqual({ judgments: 8, done: 8 });
    for (const item of await itemState(c)) expect(item.done).toBe(item.judged);
  });

  it("hands out gold checks, and flags an annotator whose gold answers are wrong", async () => {
    const c = await core();
    const campaign = await seedCampaign(c, yaml("overlap: 1").replace("goldRate: 0", "goldRate: 0.5"));
    await seedItems(c, campaign.id, GOLD, { kind: "gold", gold: "a", overlap: 1 });
    await seedItems(c, campaign.id, 6, { overlap: 1 });
    let flagged = false;
    for (;;) {
      const [next] = await Promise.allSettled([nextAssignment(c.services, { campaign: "c", annotator: who("U1") })]);
      if (next!.status === "rejected") break;
      const view = next!.value;
      c.clock.advance(30_000);
      // Always the screen side that shows response B: wrong on every gold item (expected: a).
      const vote = await castVote(c.services, {
        annotator: who("U1"),
        assignmentId: view.assignment.id,
        choice: view.assignment.displayOrder === "ab" ? "2" : "1",
      });
      expect(vote.status).toBe("recorded");
      if (vote.quality.goldFlag) flagged = true;
    }
    expect(await rows(c, "SELECT kind, count(*) AS n FROM judgments GROUP BY kind ORDER BY kind")).toEqual([
      { kind: "gold", n: GOLD },
      { kind: "regular", n: 6 },
    ]);
    expect(flagged).toBe(true);
    expect(await rows(c, "SELECT status FROM annotators")).toEqual([{ status: "needs_calibration" }]);
  });
});
