import { afterEach, describe, expect, it } from "vitest";
import type { Choice } from "../../../src/domain/choice.js";
import { annotatorQa } from "../../../src/io/export/qa-report.js";
import { annotatorStats, setLeaderboardOptOut } from "../../../src/services/annotator-stats.js";
import { checkDrift } from "../../../src/services/quality/drift.js";
import { driftReport } from "../../../src/services/reports/drift.js";
import { flagsBetween, judgedBetween, needingCalibrationCount, pendingAdjudicationCount } from "../../../src/storage/repos/digest.repo.js";
import { findCampaignByName } from "../../../src/storage/repos/campaigns.repo.js";
import { statement } from "../../../src/storage/statement.js";
import { type AnyCore, BOTH_CORES, seedItems } from "../../helpers/both-cores.js";
import { seedCampaign } from "../../helpers/core.js";

/*
 * The figures quality control computes (the drift check's weekly records and alerts, the drift
 * report, the digest's counts, annotator stats and the leaderboard, the QA report's per-annotator
 * rows) from the same votes seeded into SQLite and PostgreSQL: they must come out identical, to
 * the last bit of every average.
 */

const DAY = 86_400_000;
const WEEK = 7 * DAY;
/** Monday 2026-01-05 00:00 UTC: week 0. */
const MONDAY = Date.parse("2026-01-05T00:00:00Z");
const WEEKS = 6;
const PEOPLE = ["P1", "P2", "U1", "U2", "U3"] as const;

let open: AnyCore[] = [];
afterEach(async () => {
  for (const core of open) await core.close();
  open = [];
});

/** Who chose what: a fixed, uneven pattern so agreement shares are fractions like 7/12, and U1 drifts in the last week. */
function choiceOf(person: (typeof PEOPLE)[number], week: number, i: number): Choice {
  switch (person) {
    case "P1":
      return "a";
    case "P2":
      return (week * 12 + i) % 5 === 0 ? "b" : "a";
    case "U1":
      return week < WEEKS - 1 ? (i % 7 === 3 ? "tie" : "a") : i % 3 === 0 ? "a" : "b";
    case "U2":
      return (i + week) % 4 === 0 ? "b" : i % 11 === 5 ? "both_bad" : "a";
    case "U3":
      return (i * 7 + week) % 3 === 0 ? "b" : "a";
  }
}

/** The same campaign, people, votes, flags and adjudications, through statements that run on either database. */
async function seed(core: AnyCore): Promise<void> {
  const c = await seedCampaign(
    core,
    "name: c\ntitle: Figures\nstatus: active\nguidelines: g\ngoldRate: 0\nqualificationGate: false\npeerReviewRate: 0\noverlap: 5\nleadsChannels: [slack:CLEADS]",
  );
  const regular = await seedItems(core, c.id, WEEKS * 12, { overlap: 5 });
  const gold = await seedItems(core, c.id, WEEKS * 3, { kind: "gold", gold: "a", prefix: "gold" });
  const db = core.services.db;
  const addAnnotator = statement<[string], { id: number }>(
    db,
    "INSERT INTO annotators (platform, workspace_id, user_id, status, created_at) VALUES ('slack', 'T1', ?, 'qualified', 0) RETURNING id",
  );
  const ids = new Map<string, number>();
  for (const person of PEOPLE) ids.set(person, (await addAnnotator.get(person))!.id);
  const judge = statement<[number, number, number, Choice, number, string | null, number, number], { id: number }>(
    db,
    "INSERT INTO judgments (campaign_id, comparison_id, annotator_id, choice, display_order, time_taken_ms, rationale, source, created_at, updated_at) VALUES (?, ?, ?, ?, 'ab', ?, ?, 'platform', ?, ?) RETURNING id",
  );
  const flag = statement<[number, string, number]>(db, "INSERT INTO judgment_flags (judgment_id, kind, detail, created_at) VALUES (?, ?, 'seeded', ?)");
  for (let week = 0; week < WEEKS; week++) {
    for (let i = 0; i < 12; i++) {
      // Spread over the weekdays, ten in the morning plus a minute per item.
      const at = MONDAY + week * WEEK + (i % 5) * DAY + 10 * 3_600_000 + i * 60_000;
      for (const [p, person] of PEOPLE.entries()) {
        if (person === "U3" && week < 2) continue; // U3 joined in week 2
        const rationale = (i + p) % 4 === 0 ? `Because of ${i}.` : null;
        const j = (await judge.get(
          c.id,
          regular[week * 12 + i]!,
          ids.get(person)!,
          choiceOf(person, week, i),
          20_000 + i * 1_000 + p * 3_000,
          rationale,
          at,
          at,
        ))!;
        if ((i + p + week) % 9 === 0) await flag.run(j.id, i % 2 === 0 ? "too_fast" : "position_bias", at + 1_000);
      }
    }
    for (let g = 0; g < 3; g++) {
      const at = MONDAY + week * WEEK + g * DAY + 15 * 3_600_000;
      for (const [p, person] of PEOPLE.entries()) {
        if (person === "U3" && week < 2) continue;
        const wrong = (person === "U1" && week === WEEKS - 1) || (person === "U2" && g === 1) || (person === "P2" && (week + g) % 5 === 0);
        await judge.run(c.id, gold[week * 3 + g]!, ids.get(person)!, wrong ? "b" : "a", 15_000 + p * 500, null, at, at);
      }
    }
  }
  const adjudicate = statement<[number, number, string, string, number]>(
    db,
    "INSERT INTO adjudications (campaign_id, comparison_id, reason, status, created_at) VALUES (?, ?, ?, ?, ?)",
  );
  await adjudicate.run(c.id, regular[3]!, "split", "pending", MONDAY + DAY);
  await adjudicate.run(c.id, regular[7]!, "review", "resolved", MONDAY + 2 * DAY);
  await statement<[number]>(db, "UPDATE annotators SET status = 'needs_calibration' WHERE id = ?").run(ids.get("U3")!);
  await setLeaderboardOptOut(core.services, { platform: "slack", workspaceId: "T1", userId: "U2" }, true);
}

/** Everything quality control computes from those votes, with the per-database pseudonyms (salted) made comparable. */
async function figures(core: AnyCore) {
  const campaign = (await findCampaignByName(core.services.db, "c"))!;
  const drift = [];
  for (let week = 1; week <= WEEKS; week++) {
    core.clock.set(new Date(MONDAY + week * WEEK + 6 * 3_600_000));
    drift.push(
      (await checkDrift(core.services, core.clock.now())).map((a) => ({
        user: a.annotator.userId,
        metric: a.metric,
        baseline: a.baseline,
        current: a.current,
      })),
    );
  }
  const report = await driftReport(core.services, campaign);
  const digest = [];
  for (let day = 0; day < WEEKS * 7; day++) {
    const start = MONDAY + day * DAY;
    digest.push({
      judged: await judgedBetween(core.services.db, campaign.id, start, start + DAY),
      flags: await flagsBetween(core.services.db, campaign.id, start, start + DAY),
    });
  }
  const alerts = {
    pending: await pendingAdjudicationCount(core.services.db, campaign.id),
    needing: await needingCalibrationCount(core.services.db, campaign.id),
  };
  const stats = [];
  for (const person of PEOPLE) stats.push(await annotatorStats(core.services, { platform: "slack", workspaceId: "T1", userId: person }));
  const qa = await annotatorQa(core.services.db, campaign.id, true);
  const weekly = await statement<[], Record<string, number | null>>(
    core.services.db,
    'SELECT annotator_id AS "annotatorId", week_start AS week, judgments, agreement, gold_answered AS gold, gold_accuracy AS "goldAccuracy" FROM annotator_weekly ORDER BY week_start, annotator_id',
  ).all();
  const pseudonyms = new Map<string, string>();
  const unsalted = JSON.parse(
    JSON.stringify({ drift, report: { summary: report.summary, data: report.data }, digest, alerts, stats, qa, weekly }).replace(/ann-[0-9a-f]{12}/g, (p) => {
      if (!pseudonyms.has(p)) pseudonyms.set(p, `ann-${pseudonyms.size}`);
      return pseudonyms.get(p)!;
    }),
  ) as { drift: { user: string; metric: string }[][]; weekly: unknown[]; stats: { campaigns: { agreement: number | null }[] }[] };
  return unsalted;
}

describe("quality figures on SQLite and PostgreSQL", () => {
  it("the drift check, drift report, digest counts, annotator stats and QA rows are identical on both databases", async () => {
    const results = [];
    for (const [, make] of BOTH_CORES) {
      const core = await make({ start: "2026-01-05T00:00:00Z" });
      open.push(core);
      await seed(core);
      results.push(await figures(core));
    }
    const [sqlite, postgres] = results;
    // Not trivially equal: the drift check recorded every week and caught U1's drop in the last one.
    expect(sqlite!.weekly).toHaveLength(2 * 4 + 4 * 5);
    // (P1 too: with U1 against them, the others' majority moved away from P1's answers.)
    expect(sqlite!.drift.at(-1)!.map((a) => [a.user, a.metric])).toEqual([
      ["P1", "agreement"],
      ["U1", "agreement"],
    ]);
    expect(sqlite!.stats[2]!.campaigns[0]!.agreement).toBeGreaterThan(0);
    expect(postgres).toEqual(sqlite);
  });
});
