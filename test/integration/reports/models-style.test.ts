import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { renderChartSvg } from "../../../src/charts/render.js";
import { seededRandom } from "../../../src/random.js";
import { importComparisons } from "../../../src/services/import-comparisons.js";
import { buildReport, reportText } from "../../../src/services/reports/index.js";
import { createTestCore, seedCampaign, type TestCore } from "../../helpers/core.js";

/**
 * Three models of equal quality that differ only in how often they answer at length, judged by three annotators
 * who lean to the longer answer: the raw leaderboard rewards length, the
 * style-controlled one should not.
 */
function lengthBiasedFile(): string {
  const random = seededRandom(5);
  // How often each model writes a long answer (about 60 words) rather than a short one (about 10).
  const longShare: Record<string, number> = { verbose: 0.85, plain: 0.5, terse: 0.15 };
  const answer = (model: string) => "word ".repeat(Math.round((random() < longShare[model]! ? 60 : 10) * (0.7 + 0.6 * random())));
  const pairs = [
    ["verbose", "plain"],
    ["plain", "terse"],
    ["verbose", "terse"],
  ];
  const rows = Array.from({ length: 180 }, (_, idx) => {
    const [m1, m2] = pairs[idx % 3]!;
    const r1 = answer(m1!);
    const r2 = answer(m2!);
    // Annotators lean to the longer answer, the more so the larger the difference.
    const pFirst = 1 / (1 + Math.exp(-4 * ((r1.length - r2.length) / (r1.length + r2.length + 1))));
    const label = () => (random() < pFirst ? 1 : 2);
    return {
      idx,
      cmp_key: `${m1}_${m2}`,
      instruction: `Question ${idx}`,
      input: "",
      response1: r1,
      response2: r2,
      annotator1: label(),
      annotator2: label(),
      annotator3: label(),
    };
  });
  const path = join(mkdtempSync(join(tmpdir(), "pw-style-")), "length-biased.json");
  writeFileSync(path, JSON.stringify(rows));
  return path;
}

let core: TestCore;
beforeAll(async () => {
  core = createTestCore();
  await seedCampaign(core, "name: lengths\ntitle: Lengths\nguidelines: g\nstatus: active");
  await importComparisons(core.services, { campaign: "lengths", path: lengthBiasedFile() });
});

describe("the models report shows the raw and the style-controlled leaderboard side by side", () => {
  it("a model that wins on length is ranked up raw, and not once length is held equal", async () => {
    const r = await buildReport(core.services, "lengths", "models");
    const raw = r.data.ratings as Record<string, number>;
    const style = r.data.styleControl as { ratings: Record<string, number>; coefficients: Record<string, number>; ci: Record<string, [number, number]> };
    const rawGap = raw.verbose! - raw.terse!;
    const styledGap = style.ratings.verbose! - style.ratings.terse!;
    expect(rawGap).toBeGreaterThan(150);
    expect(Math.abs(styledGap)).toBeLessThan(rawGap / 3);
    expect(style.coefficients.length).toBeGreaterThan(0.5);
    // No markdown in these answers: those covariates are left out, and the report says so.
    expect(r.summary.join(" ")).toContain("headers, lists, bold: the same everywhere, left out");
    for (const [m, [low, high]] of Object.entries(style.ci)) {
      expect(low).toBeLessThanOrEqual(style.ratings[m]!);
      expect(high).toBeGreaterThanOrEqual(style.ratings[m]!);
    }
  });

  it("prints both rankings in one table and draws both fits on the chart", async () => {
    const r = await buildReport(core.services, "lengths", "models");
    const text = reportText(r);
    expect(text).toMatch(/#\s+model\s+rating\s+95% CI\s+style-controlled #\s+rating\s+95% CI\s+change/);
    expect(text).toMatch(/^1\s+verbose\s/m);
    const svg = renderChartSvg(r.charts[0]!);
    expect(svg).toContain("style-controlled");
    expect(svg).toContain("verbose");
  });
});
