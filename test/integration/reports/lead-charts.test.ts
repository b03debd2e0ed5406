import { describe, expect, it } from "vitest";
import { buildReport } from "../../../src/services/reports/index.js";
import { renderChartSvg } from "../../../src/charts/render.js";
import { createTestCore, seedCampaign, seedComparisons } from "../../helpers/core.js";
import { answerAll } from "../../helpers/answer-all.js";

type Json = Record<string, unknown>;
const person = (userId: string, displayName?: string) => ({ platform: "slack", workspaceId: "T1", userId, ...(displayName ? { displayName } : {}) });

describe("report charts as a lead reads them", () => {
  it("two annotators who always disagree: kappa −1 is a red cell on a −1..1 scale, and both are named as leads know them", async () => {
    const core = createTestCore();
    const c = await seedCampaign(
      core,
      "name: c\ntitle: Kappa\nstatus: active\nguidelines: g\ngoldRate: 0\nqualificationGate: false\noverlap: 2\npeerReviewRate: 0",
    );
    seedComparisons(core, c.id, 12, { overlap: 2 });
    // Ana alternates a, b, a, b…; Boris answers each item the other way round.
    const seen = new Map<number, string>();
    let i = 0;
    await answerAll(core, "c", person("U01ANA", "Ana Lopez"), () => (i++ % 2 === 0 ? "a" : "b"));
    const anaChoices = core.services.db.$client.prepare("SELECT comparison_id AS item, choice FROM judgments").all() as { item: number; choice: string }[];
    for (const r of anaChoices) seen.set(r.item, r.choice);
    const order = core.services.db.$client.prepare("SELECT id FROM comparisons ORDER BY id").all() as { id: number }[];
    let k = 0;
    const opposite = () => {
      // answerAll hands items in the campaign's order; answer the opposite of Ana on each.
      const item = order[k++]!.id;
      return seen.get(item) === "a" ? "b" : "a";
    };
    await answerAll(core, "c", person("U02BORIS", "Boris"), opposite as () => "a" | "b");
    const report = await buildReport(core.services, "c", "agreement");
    const chart = report.charts[0]!;
    const matrix = (report.data.pairwiseKappa as { matrix: (number | null)[][] }).matrix;
    expect(matrix[0]![1]).toBeCloseTo(-1, 5);
    expect((chart.visualMap as Json[])[0]).toMatchObject({ min: -1, max: 1 });
    expect((chart.yAxis as Json).data).toEqual(expect.arrayContaining(["Ana Lopez", "Boris"]));
    const svg = renderChartSvg(chart);
    expect(svg).not.toMatch(/ann-[0-9a-f]{6}/);
    expect(svg).toContain("rgb(178,24,43)");
  });

  it("an annotator with no display name keeps the pseudonym; two people sharing a name stay apart", async () => {
    const core = createTestCore();
    const c = await seedCampaign(
      core,
      "name: c\ntitle: Names\nstatus: active\nguidelines: g\ngoldRate: 0\nqualificationGate: false\noverlap: 3\npeerReviewRate: 0",
    );
    seedComparisons(core, c.id, 3, { overlap: 3 });
    await answerAll(core, "c", person("U1", "Alex"), () => "a");
    await answerAll(core, "c", person("U2", "Alex"), () => "a");
    await answerAll(core, "c", person("U3"), () => "b");
    const chart = (await buildReport(core.services, "c", "annotators")).charts[0]!;
    const labels = (chart.yAxis as Json).data as string[];
    expect(labels).toHaveLength(3);
    expect(new Set(labels).size).toBe(3);
    expect(labels.filter((l) => l.startsWith("Alex (ann-"))).toHaveLength(2);
    expect(labels.filter((l) => /^ann-[0-9a-f]{12}$/.test(l))).toHaveLength(1);
  });

  it("a campaign with no data yet says so in every report instead of drawing empty charts", async () => {
    const core = createTestCore();
    await seedCampaign(core, "name: empty\nstatus: active\nguidelines: g");
    for (const kind of ["progress", "agreement", "gold", "annotators", "bias", "models", "drift", "judge"]) {
      const report = await buildReport(core.services, "empty", kind);
      expect(report.charts, kind).toEqual([]);
      expect(report.summary.join(" "), kind).toMatch(/^No /);
    }
  });
});
