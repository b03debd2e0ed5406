import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PairwiseCore } from "../../../src/app.js";
import type { ManualClock } from "../../../src/clock.js";
import type { PairwiseError } from "../../../src/errors.js";
import { EXPORT_FORMATS, runExport, type ExportFormat } from "../../../src/io/export/run-export.js";
import { castVote } from "../../../src/services/cast-vote.js";
import { nextAssignment } from "../../../src/services/next-assignment.js";
import { buildReport, reportText } from "../../../src/services/reports/index.js";
import type { Db } from "../../../src/storage/database.js";
import { judgmentPage } from "../../../src/storage/repos/judgment-pages.repo.js";
import { statement } from "../../../src/storage/statement.js";
import { fakeJudge, judgedCampaign, lengthJudge, prescore } from "../../helpers/ai-judge.js";
import { createTestCore, seedCampaign } from "../../helpers/core.js";
import { createPostgresTestCore } from "../../helpers/postgres-core.js";
import { TEST_POSTGRES_URL } from "../../helpers/postgres.js";
import type { FakeOpenAi } from "../../fakes/fake-openai/server.js";

/*
 * One campaign, seeded the same way on SQLite and on PostgreSQL (PGlite in `npm test`, the server
 * when PAIRWISE_TEST_POSTGRES_URL is set): the same items, the AI judge's first pass against the
 * same fake judge server, then the same people voting in the same order with the same choices.
 * Every export (each format, with its QA report and data card) and every report must then come out
 * byte for byte the same on both: the repos behind them mean the same on either database.
 */

const where = TEST_POSTGRES_URL ? "a PostgreSQL server" : "PGlite";

type AnyCore = PairwiseCore & { clock: ManualClock; services: PairwiseCore["services"] & { db: Db } };

/** Ten items whose responses differ in length (the bias and judge reports measure it) and in models (the models report). */
async function seedItems(db: Db, campaignId: number): Promise<void> {
  const insert = statement<[number, string, string, string, string, string, string, number]>(
    db,
    `INSERT INTO comparisons (campaign_id, external_id, prompt, response_a, response_b, model_a, model_b, kind, target_overlap, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'regular', 3, ?)`,
  );
  const models = ["model-x", "model-y", "model-z"];
  for (let i = 0; i < 10; i++) {
    await insert.run(
      campaignId,
      `item-${i}`,
      JSON.stringify([{ role: "user", content: `Prompt ${i}: explain item ${i}.` }]),
      `Answer A for ${i}${" with more detail".repeat(i % 4)}`,
      `Answer B for ${i}${" and some more words".repeat((i + 2) % 3)}`,
      models[i % 3]!,
      models[(i + 1) % 3]!,
      Date.parse("2026-01-01T00:00:00Z") + i,
    );
  }
}

/** Who chooses what: fixed per person and item, with some ties and some disagreement. */
function choiceOf(person: number, externalId: string): "1" | "2" | "tie" {
  const item = Number(externalId.split("-")[1]);
  const x = (item * 7 + person * 3) % 10;
  return x < 5 ? "1" : x < 8 ? "2" : "tie";
}

const who = (person: number) => ({ platform: "slack", workspaceId: "T1", userId: `U${person}` });

/** The AI judge's first pass, then five people working through the campaign one after another, each vote taking 20 s. */
async function seed(core: AnyCore, judge: FakeOpenAi): Promise<void> {
  // Pseudonyms are keyed by a salt each database draws at random: the same salt, so the same names (as after `db copy`).
  await statement(core.services.db, "INSERT INTO app_meta (key, value) VALUES ('pseudonym_salt', 'one salt for both') ON CONFLICT (key) DO NOTHING").run();
  const campaign = await seedCampaign(
    core,
    judgedCampaign("  show: after_vote\n  concurrency: 1", "rubric: [{name: accuracy, description: Correct and complete}]"),
  );
  await seedItems(core.services.db, campaign.id);
  core.clock.advance(60_000);
  await prescore(core, judge);
  for (let person = 1; person <= 5; person++) {
    for (;;) {
      const [next] = await Promise.allSettled([nextAssignment(core.services, { campaign: "c", annotator: who(person) })]);
      if (next!.status === "rejected") {
        expect((next!.reason as PairwiseError).code).toBe("NO_WORK");
        break;
      }
      core.clock.advance(20_000);
      const view = next!.value;
      await castVote(core.services, { annotator: who(person), assignmentId: view.assignment.id, choice: choiceOf(person, view.comparison.externalId) });
    }
  }
}

interface Outputs {
  files: Map<string, string>;
  reports: Map<string, string>;
  page: unknown[];
}

/** Every export format (file, QA report, data card), every report's text, and the API's first page of judgments. */
async function outputsOf(core: AnyCore, dir: string): Promise<Outputs> {
  const files = new Map<string, string>();
  const formats: [ExportFormat | "raw", Parameters<typeof runExport>[1]["filters"]][] = [
    ...EXPORT_FORMATS.map((f): [ExportFormat, undefined] => [f, undefined]),
    ["raw", undefined],
    ["trl", { includeAi: true }],
  ];
  for (const [format, filters] of formats) {
    const name = `${format}${filters ? "-ai" : ""}`;
    const out = join(dir, `${name}.${format === "csv" ? "csv" : "jsonl"}`);
    const result = await runExport(core.services, { campaign: "c", format: format as ExportFormat, out, ...(filters ? { filters } : {}) });
    files.set(name, readFileSync(result.path, "utf8"));
    files.set(`${name}.qa.md`, readFileSync(result.qaMarkdownPath, "utf8"));
    files.set(`${name}.qa.json`, readFileSync(result.qaJsonPath, "utf8"));
    files.set(`${name}.card.md`, readFileSync(result.cardPath, "utf8"));
  }
  const reports = new Map<string, string>();
  for (const kind of ["progress", "agreement", "bias", "judge"]) reports.set(kind, reportText(await buildReport(core.services, "c", kind)));
  const campaignId = (await statement<[], { id: number }>(core.services.db, "SELECT id FROM campaigns").get())!.id;
  const page = await judgmentPage(core.services.db, { campaignId, after: 0, since: 0, limit: 1000 });
  return { files, reports, page };
}

let judge: FakeOpenAi;
let sqlite: Outputs;
let postgres: Outputs;
const dirs: string[] = [];

beforeAll(async () => {
  judge = await fakeJudge({ respond: lengthJudge });
  const lite = createTestCore();
  await seed(lite, judge);
  dirs.push(mkdtempSync(join(tmpdir(), "pw-pg-exports-lite-")));
  sqlite = await outputsOf(lite, dirs[0]!);
  lite.services.db.$client.close();
  const pg = await createPostgresTestCore();
  try {
    await seed(pg, judge);
    dirs.push(mkdtempSync(join(tmpdir(), "pw-pg-exports-pg-")));
    postgres = await outputsOf(pg, dirs[1]!);
  } finally {
    await pg.close();
  }
}, 120_000);

afterAll(async () => {
  await judge?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe(`exports and reports on SQLite and on ${where}`, () => {
  it("seeds a campaign with people's votes and the AI judge's verdicts on both", () => {
    const raw = sqlite.files.get("raw")!.trim().split("\n");
    // Ten items, each judged by the AI and by people up to its overlap.
    expect(raw.length).toBeGreaterThan(20);
    expect(raw.some((line) => line.includes('"source":"ai"'))).toBe(true);
    expect(postgres.files.get("raw")!.trim().split("\n")).toHaveLength(raw.length);
  });

  it("writes every export format, its QA report and its data card byte for byte alike", () => {
    expect([...postgres.files.keys()]).toEqual([...sqlite.files.keys()]);
    for (const [name, text] of sqlite.files) expect(postgres.files.get(name), name).toBe(text);
  });

  it("builds the progress, agreement, bias and judge reports alike", () => {
    for (const [kind, text] of sqlite.reports) expect(postgres.reports.get(kind), kind).toBe(text);
  });

  it("pages the judgments for the API alike", () => {
    expect(postgres.page).toEqual(sqlite.page);
    expect(postgres.page.length).toBeGreaterThan(20);
  });
});
