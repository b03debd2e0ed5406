import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderChartPng } from "../../../src/charts/render.js";
import { importComparisons } from "../../../src/services/import-comparisons.js";
import { buildReport, reportText } from "../../../src/services/reports/index.js";
import type { KappaWithCi, MeanPairwiseKappa } from "../../../src/services/reports/judge-agreement.js";
import { createTestCore, seedCampaign, type TestCore } from "../../helpers/core.js";
import { fakeJudge, judgedCampaign, prescore } from "../../helpers/ai-judge.js";
import type { FakeOpenAi, FakeRequest } from "../../fakes/fake-openai/server.js";

const FIXTURE = "test/fixtures/pandalm/testset-v1-idx200-239.json";
type Record = { idx: number; motivation_app: string; response1: string; response2: string; annotator1: number; annotator2: number; annotator3: number };
const records = JSON.parse(readFileSync(FIXTURE, "utf8")) as Record[];

/**
 * The scripted judge: prefers the longer response; calls identical texts a tie; and when the lengths
 * are within 10% it picks whichever was shown first, so its two orders disagree (a tie, and a
 * position-inconsistent pair).
 */
function scripted(r: FakeRequest) {
  const a = r.first.trim();
  const b = r.second.trim();
  if (a === b) return { verdict: "tie" as const, probability: 0.9 };
  if (Math.abs(a.length - b.length) < 0.1 * Math.max(a.length, b.length)) return { verdict: "1" as const, probability: 0.9 };
  return { verdict: a.length > b.length ? ("1" as const) : ("2" as const), probability: 0.9 };
}

let core: TestCore;
let server: FakeOpenAi;
beforeAll(async () => {
  core = createTestCore();
  await seedCampaign(core, judgedCampaign(""));
  await importComparisons(core.services, { campaign: "c", path: FIXTURE });
  server = await fakeJudge({ respond: scripted });
  await prescore(core, server);
});
afterAll(() => server.close());

describe("the judge-vs-human report on a PandaLM slice with a scripted judge", () => {
  it("gives the Cohen's kappa computed by hand: 11/26", async () => {
    // By hand, from the file alone: the judge's choice in A/B terms and the three annotators' majority.
    const LABEL: { [k: number]: string } = { 1: "a", 2: "b", 0: "tie" };
    const judge = (r: Record) => {
      const a = r.response1.trim();
      const b = r.response2.trim();
      if (a === b || Math.abs(a.length - b.length) < 0.1 * Math.max(a.length, b.length)) return "tie";
      return a.length > b.length ? "a" : "b";
    };
    const majority = (r: Record) => {
      const votes = [r.annotator1, r.annotator2, r.annotator3].map((l) => LABEL[l]!);
      const top = votes.find((v) => votes.filter((x) => x === v).length >= 2);
      return top ?? (votes.includes("a") && votes.includes("b") && !votes.includes("tie") ? "tie" : undefined);
    };
    let agree = 0;
    const judged: { [c: string]: number } = {};
    const humans: { [c: string]: number } = {};
    for (const r of records) {
      const j = judge(r);
      const m = majority(r)!;
      if (j === m) agree++;
      judged[j] = (judged[j] ?? 0) + 1;
      humans[m] = (humans[m] ?? 0) + 1;
    }
    const n = records.length;
    const po = agree / n;
    const pe = ["a", "b", "tie", "both_bad"].reduce((s, c) => s + ((judged[c] ?? 0) / n) * ((humans[c] ?? 0) / n), 0);
    // 25 of 40 agree; the judge chose b 20, a 11, tie 9; the majority b 16, a 12, tie 12.
    expect([agree, judged, humans]).toEqual([25, { b: 20, a: 11, tie: 9 }, { b: 16, a: 12, tie: 12 }]);
    expect(pe).toBeCloseTo(560 / 1600, 12);
    const byHand = (po - pe) / (1 - pe);
    expect(byHand).toBeCloseTo(11 / 26, 12);

    const report = await buildReport(core.services, "c", "judge");
    const overall = report.data.overall as KappaWithCi;
    expect(overall.n).toBe(40);
    expect(overall.kappa).toBeCloseTo(byHand, 12);
    expect(overall.agreement).toBe(0.625);
    expect(overall.kappaCi[0]).toBeLessThan(overall.kappa);
    expect(overall.kappaCi[1]).toBeGreaterThan(overall.kappa);
  });

  it("sets it next to the humans' own kappa, the judge's position consistency, and the pairs to review", async () => {
    const report = await buildReport(core.services, "c", "judge");
    // PandaLM's three annotators on these 40 items: 333/533, 703/1023, 451/531 pairwise.
    const humans = report.data.humanHuman as MeanPairwiseKappa;
    expect(humans.value).toBeCloseTo((333 / 533 + 703 / 1023 + 451 / 531) / 3, 12);
    expect(humans.pairs).toBe(3);
    expect(report.data.positionConsistency).toBe(31 / 40);
    const disagreements = report.data.disagreements as { item: string; comparisonId: number; humans: object; judge: string }[];
    expect(disagreements).toHaveLength(15);
    expect(disagreements.every((d) => /^pandalm-2[0-3]\d$/.test(d.item) && d.comparisonId > 0)).toBe(true);
    const tags = (report.data.byTag as { tag: string; n: number }[]).map((t) => [t.tag, t.n]);
    expect(tags).toEqual([
      ["Messenger", 17],
      ["(Wolfram alpha)?", 15],
      ["MS Excel", 6],
    ]);

    const text = reportText(report);
    expect(text).toContain("Cohen's kappa 0.423 [95% CI");
    expect(text).toContain("agreement 62.5% (n = 40)");
    expect(text).toContain("Humans among themselves: mean pairwise Cohen's kappa 0.720");
    expect(text).toContain("Position consistency: both orders agreed on 31 of 40 pairs (77.5%).");
    expect(text).toMatch(/Pairs to review \(judge vs a confident human majority\):\npandalm-2\d\d \(#\d+\): humans /);
    const png = renderChartPng(report.charts[0]!);
    expect(png.subarray(1, 4).toString()).toBe("PNG");
  });

  it("reports the routing: the pairs whose orders disagreed wait for one more person", async () => {
    const report = await buildReport(core.services, "c", "judge");
    const routing = report.data.routing as { routes: { borderline: number }; before: number; after: number };
    expect(routing.routes.borderline).toBe(9);
    expect(routing.after - routing.before).toBe(9);
    const raised = core.services.db.$client.prepare("SELECT count(*) AS n FROM comparisons WHERE target_overlap = 4 AND full = 0").get();
    expect(raised).toEqual({ n: 9 });
  });
});
