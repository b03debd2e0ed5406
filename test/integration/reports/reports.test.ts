import { beforeAll, describe, expect, it } from "vitest";
import { attachPlatform } from "../../../src/app.js";
import { renderChartPng, renderChartSvg } from "../../../src/charts/render.js";
import { importComparisons } from "../../../src/services/import-comparisons.js";
import { buildReport, REPORT_KINDS } from "../../../src/services/reports/index.js";
import { FakePlatform } from "../../fakes/fake-platform.js";
import { createTestCore, seedCampaign, type TestCore } from "../../helpers/core.js";
import { command, textOf, user } from "../../helpers/events.js";

let core: TestCore;
let slack: FakePlatform;
beforeAll(async () => {
  core = createTestCore({ leads: [{ platform: "slack", userId: "ULEAD" }] });
  slack = new FakePlatform("slack");
  await attachPlatform(core, slack);
  await seedCampaign(core, "name: panda\ntitle: PandaLM\nguidelines: g\nstatus: active");
  await importComparisons(core.services, { campaign: "panda", path: "test/fixtures/data/PandaLM/testset-v1.json" });
});

/** PandaLM's labels of 1 or 2 (not 0, a tie) over its three annotators, counted in the file. */
const PANDALM_PREFERENCES = "2,671";

const isPng = (b: Buffer) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

describe("lead reports on the PandaLM campaign (its three annotators' judgments)", () => {
  it("agreement: the pairwise kappa matrix holds the published 0.85 / 0.88 / 0.86", async () => {
    const r = await buildReport(core.services, "panda", "agreement");
    const { annotators, matrix } = r.data.pairwiseKappa as { annotators: string[]; matrix: number[][] };
    const k = (a: string, b: string) => matrix[annotators.indexOf(`pandalm:${a}`)]![annotators.indexOf(`pandalm:${b}`)]!;
    expect(Math.abs(k("annotator1", "annotator2") - 0.85)).toBeLessThan(0.005);
    expect(Math.abs(k("annotator1", "annotator3") - 0.88)).toBeLessThan(0.005);
    expect(Math.abs(k("annotator2", "annotator3") - 0.86)).toBeLessThan(0.005);
    expect(r.summary[0]).toMatch(/Krippendorff's alpha \(nominal\) 0\.86\d \[95% CI 0\.8\d\d, 0\.8\d\d\]/);
  });

  it("bias: imported labels have no known display order, and the report says so instead of 'no preferences yet'", async () => {
    const r = await buildReport(core.services, "panda", "bias");
    expect(r.summary[0]).toBe("No preferences made in chat yet (ties and both-bad are left out): position and length bias cannot be measured.");
    expect(r.summary[1]).toBe(`${PANDALM_PREFERENCES} imported preferences left out: the order their annotators saw the responses in is unknown.`);
  });

  it("models: Bradley-Terry over the five PandaLM models with CIs around each rating", async () => {
    const r = await buildReport(core.services, "panda", "models");
    const ratings = r.data.ratings as Record<string, number>;
    const ci = r.data.ci as Record<string, [number, number]>;
    expect(Object.keys(ratings).sort()).toEqual(["bloom-7b", "cerebras-gpt-6.7B", "llama-7b", "opt-7b", "pythia-6.9b"]);
    for (const [m, v] of Object.entries(ratings)) {
      expect(ci[m]![0]).toBeLessThanOrEqual(v);
      expect(ci[m]![1]).toBeGreaterThanOrEqual(v);
    }
    expect(r.charts).toHaveLength(2);
  });

  it("every kind renders readable charts: valid PNGs whose SVG carries the labels", async () => {
    for (const kind of REPORT_KINDS) {
      const r = await buildReport(core.services, "panda", kind);
      expect(r.summary.length).toBeGreaterThan(0);
      for (const chart of r.charts) {
        expect(isPng(renderChartPng(chart, { width: 600, height: 400 }))).toBe(true);
        expect(renderChartSvg(chart)).toContain("<text");
      }
    }
    expect(renderChartSvg((await buildReport(core.services, "panda", "agreement")).charts[0]!)).toContain("annotator1");
  });

  it("/pairwise report answers a lead with the summary and the chart as files, and refuses others", async () => {
    const reply = await slack.emit(command(user("ULEAD"), "report", ["panda", "agreement"]));
    expect(reply.kind).toBe("deferred");
    if (reply.kind !== "deferred") return;
    const done = await reply.work();
    expect(done.kind).toBe("file");
    if (done.kind !== "file") return;
    expect(isPng(done.files[0]!.data)).toBe(true);
    expect(done.view?.text).toContain("Krippendorff");
    const refused = await slack.emit(command(user("U1"), "report", ["panda"]));
    expect(refused.kind === "private" && textOf(refused.view)).toContain("for campaign leads");
  });

  it("/pairwise export sends the export with its QA report and data card", async () => {
    const reply = await slack.emit(command(user("ULEAD"), "export", ["panda", "trl"]));
    if (reply.kind !== "deferred") throw new Error(reply.kind);
    const done = await reply.work();
    if (done.kind !== "file") throw new Error(done.kind);
    expect(done.files.map((f) => f.name)).toEqual(["panda-trl.jsonl", "panda-trl.qa.md", "panda-trl.card.md"]);
    expect(done.files[0]!.data.toString("utf8").trim().split("\n")).toHaveLength(836);
    expect(done.view?.text).toMatch(/Left out:[\s\S]*105 items: labeled tie or both_bad[\s\S]*58 items: degenerate training target/);
  });
});
