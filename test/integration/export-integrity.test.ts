import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { attachPlatform } from "../../src/app.js";
import { parseAgreementThreshold } from "../../src/domain/agreement-threshold.js";
import { runExport } from "../../src/io/export/run-export.js";
import { castVote } from "../../src/services/cast-vote.js";
import { importComparisons } from "../../src/services/import-comparisons.js";
import { nextAssignment } from "../../src/services/next-assignment.js";
import { resolveAdjudication } from "../../src/services/quality/adjudication.js";
import { buildReport } from "../../src/services/reports/index.js";
import { FakePlatform } from "../fakes/fake-platform.js";
import { answerAll } from "../helpers/answer-all.js";
import { runCli } from "../helpers/cli.js";
import { createTestCore, seedCampaign, seedComparisons, type TestCore } from "../helpers/core.js";
import { command, textOf, user } from "../helpers/events.js";

const PANDALM_41 = "test/fixtures/export/pandalm-41.json";
const CAMPAIGN =
  "name: c\ntitle: Helpfulness\nstatus: active\nguidelines: Pick the more helpful response.\ngoldRate: 0\noverlap: 3\nqualificationGate: false\npeerReviewRate: 0";
const people = ["U1", "U2", "U3"].map((id) => ({ platform: "slack", workspaceId: "T1", userId: id }));
const outDir = () => mkdtempSync(join(tmpdir(), "pw-integrity-"));

/** Every person answers every item: `fast` votes come at once (flagged too fast), the others after a minute. */
async function voteAll(core: TestCore, items: number, choice: (person: number, item: number) => "1" | "2", fast: boolean) {
  for (let item = 0; item < items; item++) {
    for (const [p, who] of people.entries()) {
      const a = await nextAssignment(core.services, { campaign: "c", annotator: who });
      if (!fast) core.clock.advance(60_000);
      const stored = a.assignment.displayOrder === "ab" ? choice(p, item) : choice(p, item) === "1" ? "2" : "1";
      await castVote(core.services, { annotator: who, assignmentId: a.assignment.id, choice: stored });
    }
  }
}

async function flaggedCampaign(options: { databasePath?: string } = {}): Promise<TestCore> {
  const core = createTestCore({ ...options, leads: [{ platform: "slack", userId: "ULEAD" }] });
  const c = await seedCampaign(core, CAMPAIGN);
  seedComparisons(core, c.id, 3);
  await voteAll(core, 3, () => "1", true);
  return core;
}

describe("an export that leaves everything out", () => {
  it("says why, with the option that keeps the items, and writes no file", async () => {
    const core = await flaggedCampaign();
    expect(core.services.db.$client.prepare("SELECT count(DISTINCT judgment_id) AS n FROM judgment_flags").get()).toEqual({ n: 9 });
    const dir = outDir();
    await expect(runExport(core.services, { campaign: "c", format: "trl", out: join(dir, "c.jsonl") })).rejects.toThrow(
      /Nothing to export from c as trl, so no file was written\. 3 items: every judgment flagged as an anomaly .* \(to keep them: `--include-flagged`\)\. 9 flagged judgments did not count/,
    );
    expect(readdirSync(dir)).toEqual([]);
    const kept = await runExport(core.services, { campaign: "c", format: "trl", out: join(dir, "c.jsonl"), filters: { excludeFlagged: false } });
    expect(kept.rows).toBe(3);
  });

  it("on the CLI: prints the explanation, exits non-zero, writes nothing", async () => {
    const dir = outDir();
    const databasePath = join(dir, "pw.db");
    (await flaggedCampaign({ databasePath })).services.db.$client.close();
    const out = join(dir, "exports", "c.jsonl");
    const result = await runCli(["export", "c", "--format", "trl", "--out", out], { DATABASE_PATH: databasePath });
    expect(result.error).toMatch(/Nothing to export from c as trl.*every judgment flagged.*--include-flagged/);
    expect(existsSync(join(dir, "exports")) ? readdirSync(join(dir, "exports")) : []).toEqual([]);
  });

  it("in chat: answers with the explanation instead of an empty file", async () => {
    const core = await flaggedCampaign();
    const slack = new FakePlatform("slack");
    await attachPlatform(core, slack);
    const reply = await slack.emit(command(user("ULEAD"), "export", ["c", "trl"]));
    if (reply.kind !== "deferred") throw new Error(reply.kind);
    const done = await reply.work();
    expect(done.kind).toBe("private");
    expect(done.kind === "private" && textOf(done.view)).toMatch(/Nothing to export from c as trl.*every judgment flagged/);
    expect(slack.of("uploadFile")).toEqual([]);
  });
});

describe("what a lead decided", () => {
  it("is exported even when every vote on the item was flagged", async () => {
    const core = createTestCore();
    const c = await seedCampaign(core, CAMPAIGN);
    seedComparisons(core, c.id, 2);
    // Every vote is too fast; a peer reviewer disputed item 1 and a lead decided it.
    await voteAll(core, 2, (p) => (p === 0 ? "1" : "2"), true);
    const item = (core.services.db.$client.prepare("SELECT id FROM comparisons WHERE external_id = 'item-1'").get() as { id: number }).id;
    core.services.db.$client
      .prepare("INSERT INTO adjudications (campaign_id, comparison_id, reason, created_at) VALUES (?, ?, 'review', 0) ON CONFLICT DO NOTHING")
      .run(c.id, item);
    await resolveAdjudication(core.services, { comparisonId: item, choice: "a", note: "A answers the prompt.", lead: "slack:ULEAD" });
    const r = await runExport(core.services, { campaign: "c", format: "trl", out: join(outDir(), "c.jsonl") });
    const rows = readFileSync(r.path, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { id: string; chosen: string; aggregation: string });
    expect(rows).toEqual([expect.objectContaining({ id: "item-1", chosen: "Answer A for 1", aggregation: "adjudicated" })]);
    expect(r.qa.leftOut.map((l) => [l.reason, l.items])).toEqual([["flagged", 1]]);
  });
});

describe("flags where they matter", () => {
  it("the raw export and the QA report give each flagged judgment's reason", async () => {
    const core = await flaggedCampaign();
    const r = await runExport(core.services, { campaign: "c", format: "raw", out: join(outDir(), "raw.jsonl") });
    const rows = readFileSync(r.path, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { flags: { kind: string; detail: string }[]; annotator_flags: string[] });
    expect(rows).toHaveLength(9);
    for (const row of rows) {
      expect(row.flags).toEqual([{ kind: "too_fast", detail: expect.stringMatching(/^answered in 0\.0 s; reading \d+ characters takes at least \d+\.\d s$/) }]);
      expect(row.annotator_flags).toEqual([]);
    }
    const md = readFileSync(r.qaMarkdownPath, "utf8");
    expect(md).toMatch(/\| judgment \| item \| annotator \| kind \| why \| at \|/);
    expect(md).toMatch(/\| \d+ \| item-0 \| ann-[0-9a-f]{12} \| too_fast \| answered in 0\.0 s; reading/);
  });
});

describe("--min-agreement", () => {
  it("0.67 and 2/3 keep the items two of three annotators agree on", async () => {
    const core = createTestCore();
    await seedCampaign(core, "name: panda\nguidelines: g\noverlap: 3");
    await importComparisons(core.services, { campaign: "panda", path: PANDALM_41 });
    const all = await runExport(core.services, { campaign: "panda", format: "csv", out: join(outDir(), "all.csv") });
    const split = Number(all.qa.file.items) - all.qa.file.unanimous;
    expect(split).toBeGreaterThan(0);
    for (const text of ["0.67", "2/3", "67%"]) {
      const r = await runExport(core.services, {
        campaign: "panda",
        format: "csv",
        out: join(outDir(), "x.csv"),
        filters: { minAgreement: parseAgreementThreshold(text) },
      });
      expect(r.items).toBe(all.items);
    }
    const unanimous = await runExport(core.services, {
      campaign: "panda",
      format: "csv",
      out: join(outDir(), "u.csv"),
      filters: { minAgreement: parseAgreementThreshold("0.70") },
    });
    expect(unanimous.items).toBe(all.qa.file.unanimous);
    expect(unanimous.qa.leftOut).toEqual([expect.objectContaining({ reason: "below_agreement", items: split, keep: "a lower `--min-agreement`" })]);
  });
});

describe("degenerate training targets (PandaLM's empty and boolean responses)", () => {
  it("are counted, left out of training formats by default, and kept on request", async () => {
    const core = createTestCore();
    await seedCampaign(core, "name: panda\nguidelines: g\noverlap: 3");
    await importComparisons(core.services, { campaign: "panda", path: PANDALM_41 });
    const trl = await runExport(core.services, { campaign: "panda", format: "trl", out: join(outDir(), "t.jsonl") });
    const degenerate = trl.qa.leftOut.find((l) => l.reason === "degenerate")!;
    // idx 18, 19, 25: empty response1 (rejected: the annotators preferred response2); idx 157-164: "true".
    expect(degenerate.detail).toEqual({ empty_rejected: 3, boolean_chosen: 6 });
    expect(degenerate.items).toBe(9);
    for (const row of readFileSync(trl.path, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { chosen: string; rejected: string })) {
      expect(row.chosen.trim()).not.toBe("");
      expect(row.rejected.trim()).not.toBe("");
      expect(row.chosen).not.toMatch(/^(true|false)$/i);
    }
    expect(trl.qa.degenerateTargets.map((d) => [d.kind, d.items, d.kept])).toEqual([
      ["empty_rejected", 3, false],
      ["boolean_chosen", 6, false],
    ]);
    const kept = await runExport(core.services, { campaign: "panda", format: "trl", out: join(outDir(), "k.jsonl"), filters: { keepDegenerate: true } });
    expect(kept.rows).toBe(trl.rows + 9);
    expect(readFileSync(kept.qaMarkdownPath, "utf8")).toContain("| empty rejected response | 3 | kept |");
  });
});

describe("the QA report", () => {
  it("is Markdown tables under the one naming, with counts that match the file", async () => {
    const core = createTestCore();
    const c = await seedCampaign(core, CAMPAIGN);
    seedComparisons(core, c.id, 4);
    await voteAll(core, 4, (p, item) => (item === 3 ? (p === 0 ? "1" : "2") : "1"), false);
    const r = await runExport(core.services, { campaign: "c", format: "trl", out: join(outDir(), "c.jsonl") });
    const md = readFileSync(r.qaMarkdownPath, "utf8");
    expect(md).not.toContain("```");
    const fileRows = readFileSync(r.path, "utf8").trim().split("\n").length;
    expect(md).toContain(`| rows | ${fileRows} |`);
    expect(md).toMatch(/\| measure \| value \| 95% CI \|\n\|---\|---\|---\|\n\| Krippendorff's alpha \(nominal\) \| /);
    const names = r.qa.annotators.map((a) => a.annotator).sort();
    expect(names).toHaveLength(3);
    for (const name of names) expect(name).toMatch(/^ann-[0-9a-f]{12}$/);
    // Pairwise kappa per pair, and per-annotator kappa, keyed by the same names.
    expect(r.qa.agreement.pairwiseKappa.map((p) => [p.a, p.b].sort().join(" ")).sort()).toEqual([
      `${names[0]} ${names[1]}`,
      `${names[0]} ${names[2]}`,
      `${names[1]} ${names[2]}`,
    ]);
    expect(Object.keys(r.qa.agreement.kappaVsOthers).sort()).toEqual(names);
    for (const name of names) expect(md).toMatch(new RegExp(`\\| ${name} \\| slack \\| \\w+ \\| 4 \\| `));
    // The raw export and the reports' charts name the same people the same way.
    const raw = await runExport(core.services, { campaign: "c", format: "raw", out: join(outDir(), "raw.jsonl") });
    const rawNames = new Set(
      readFileSync(raw.path, "utf8")
        .trim()
        .split("\n")
        .map((l) => (JSON.parse(l) as { annotator: string }).annotator),
    );
    expect([...rawNames].sort()).toEqual(names);
    const agreement = await buildReport(core.services, "c", "agreement");
    expect([...(agreement.data.pairwiseKappa as { annotators: string[] }).annotators].sort()).toEqual(names);
    const annotators = await buildReport(core.services, "c", "annotators");
    const chartLabels = (annotators.charts[0]!.yAxis as { data: string[] }).data;
    expect([...chartLabels].sort()).toEqual(names);
  });
});

describe("the dataset card of imported labels", () => {
  it("claims nothing that did not happen, and has complete Hugging Face metadata", async () => {
    const core = createTestCore();
    await seedCampaign(core, "name: panda\ntitle: PandaLM sample\nguidelines: g\noverlap: 3");
    await importComparisons(core.services, { campaign: "panda", path: PANDALM_41 });
    const r = await runExport(core.services, { campaign: "panda", format: "trl", out: join(outDir(), "panda.jsonl") });
    const card = readFileSync(r.cardPath, "utf8");
    const meta = parseYaml(card.split("---")[1]!) as Record<string, unknown>;
    expect(meta).toMatchObject({
      pretty_name: "PandaLM sample",
      license: "other",
      license_name: "unspecified",
      license_link: "LICENSE",
      language: ["en"],
      annotations_creators: ["found"],
      source_datasets: ["pandalm-41.json"],
    });
    for (const claim of [/Slack/, /Discord/, /injected at/, /randomized per assignment/, /calibration items first/]) expect(card).not.toMatch(claim);
    expect(card).toContain(
      "| imported from `pandalm-41.json` (json/pandalm) | 123 | 3 (pandalm:annotator1, pandalm:annotator2, pandalm:annotator3, as named in the file) |",
    );
    expect(card).toContain("were made outside Pairwise: none of its controls");
    expect(card).not.toContain("Configured, but");
  });

  it("states the gold share observed on the platforms and the license the campaign file sets", async () => {
    const core = createTestCore();
    const c = await seedCampaign(
      core,
      `${CAMPAIGN.replace("goldRate: 0", "goldRate: 0.25")}\ncard: { license: apache-2.0, language: [en, fr], sourceDatasets: [WeOpenML/PandaLM] }`,
    );
    seedComparisons(core, c.id, 3);
    seedComparisons(core, c.id, 2, { kind: "gold", gold: "a" });
    // Each of three people answers until nothing is left for them: 3 regular items, and gold checks at 25%.
    for (const who of people) await answerAll(core, "c", who, () => "a");
    const count = (sql: string) => (core.services.db.$client.prepare(sql).get() as { n: number }).n;
    const gold = count("SELECT count(*) AS n FROM judgments WHERE kind = 'gold'");
    const total = count("SELECT count(*) AS n FROM judgments");
    expect(gold).toBeGreaterThan(0);
    const r = await runExport(core.services, { campaign: "c", format: "csv", out: join(outDir(), "c.csv"), filters: { includeIncomplete: true } });
    const card = readFileSync(r.cardPath, "utf8");
    const meta = parseYaml(card.split("---")[1]!) as Record<string, unknown>;
    expect(meta).toMatchObject({
      license: "apache-2.0",
      language: ["en", "fr"],
      source_datasets: ["WeOpenML/PandaLM"],
      annotations_creators: ["crowdsourced"],
    });
    expect(meta).not.toHaveProperty("license_name");
    expect(card).toContain(`| collected on Slack through Pairwise | ${total} | 3 (pseudonymized) |`);
    expect(card).toContain(
      `Gold checks: ${gold} of ${total} (${((100 * gold) / total).toFixed(1)}%) judgments collected outside calibration were on gold items with a known answer (the campaign's goldRate is 25.0%)`,
    );
    expect(card).toContain(`for ${total} of ${total} (100.0%) judgments collected through Pairwise`);
  });
});
