import { afterEach, describe, expect, it } from "vitest";
import { withTransaction } from "../../../src/services/context.js";
import { buildReport } from "../../../src/services/reports/index.js";
import { ensureAnnotator } from "../../../src/storage/repos/annotators.repo.js";
import { insertJudgment, reviseJudgment } from "../../../src/storage/repos/judgments.repo.js";
import type { KappaWithCi } from "../../../src/services/reports/judge-agreement.js";
import type { FakeOpenAi, FakeRequest } from "../../fakes/fake-openai/server.js";
import { fakeJudge, judgedCampaign, prescore } from "../../helpers/ai-judge.js";
import { createTestCore, seedCampaign, seedComparisons } from "../../helpers/core.js";

let server: FakeOpenAi | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const RUBRIC = "rubric:\n  - name: accuracy\n    description: Facts are right.\n  - name: clarity\n    description: Easy to follow.";
type Scores = Record<string, { a: number; b: number }>;
// What the judge thinks of A and B on each item (accuracy prefers a, a, b, a; clarity a, tie, tie, tie)…
const JUDGE: Scores[] = [
  { accuracy: { a: 4, b: 2 }, clarity: { a: 5, b: 3 } },
  { accuracy: { a: 5, b: 1 }, clarity: { a: 3, b: 3 } },
  { accuracy: { a: 2, b: 4 }, clarity: { a: 4, b: 4 } },
  { accuracy: { a: 3, b: 2 }, clarity: { a: 2, b: 2 } },
];
// …and what the two people scored (accuracy a, a, a, b; clarity a, a, tie, tie).
const PEOPLE: Scores[] = [
  { accuracy: { a: 5, b: 1 }, clarity: { a: 4, b: 2 } },
  { accuracy: { a: 4, b: 3 }, clarity: { a: 5, b: 4 } },
  { accuracy: { a: 3, b: 2 }, clarity: { a: 3, b: 3 } },
  { accuracy: { a: 1, b: 4 }, clarity: { a: 2, b: 2 } },
];

/** The judge's answer in the terms of the order asked: response_1 is A when A was shown first. */
function scripted(r: FakeRequest) {
  const item = Number(/for (\d+)/.exec(r.first)![1]);
  const aFirst = r.first.startsWith("Answer A");
  const scores = Object.fromEntries(
    Object.entries(JUDGE[item]!).map(([d, s]) => [d, aFirst ? { response_1: s.a, response_2: s.b } : { response_1: s.b, response_2: s.a }]),
  );
  return { verdict: "tie" as const, scores };
}

describe("the judge report per rubric dimension", () => {
  it("compares the preference each dimension's scores imply, judge against the people's majority", async () => {
    const core = createTestCore();
    const campaign = await seedCampaign(core, judgedCampaign("").replace("goldRate: 0", `goldRate: 0\n${RUBRIC}`));
    const ids = seedComparisons(core, campaign.id, 4);
    await withTransaction(core.services, async () => {
      for (const [i, comparisonId] of ids.entries()) {
        for (const n of [1, 2]) {
          const annotator = await ensureAnnotator(core.services.db, { platform: "slack", workspaceId: "T1", userId: `U${n}` }, core.clock.now());
          const j = await insertJudgment(core.services.db, {
            campaignId: campaign.id,
            comparisonId,
            annotatorId: annotator.id,
            assignmentId: null,
            guidelineVersionId: null,
            kind: "regular",
            choice: "tie",
            displayOrder: "ab",
            timeTakenMs: 30_000,
            source: "platform",
            aiShown: "never",
            at: 0,
          });
          await reviseJudgment(core.services.db, j, { ...j, rubricScores: PEOPLE[i]! }, 1);
        }
      }
    });
    server = await fakeJudge({ respond: scripted });
    await prescore(core, server);
    const stored = core.services.db.$client.prepare("SELECT rubric_scores FROM judgments WHERE source = 'ai' ORDER BY comparison_id").all() as {
      rubric_scores: string;
    }[];
    expect(stored.map((r) => JSON.parse(r.rubric_scores))).toEqual(JUDGE);

    const dims = (await buildReport(core.services, "c", "judge")).data.byRubricDimension as ({ dimension: string } & KappaWithCi)[];
    const byName = Object.fromEntries(dims.map((d) => [d.dimension, d]));
    // accuracy: judge a a b a, people a a a b: p_o 1/2, p_e 3/4·3/4 + 1/4·1/4 = 5/8, kappa (1/2 − 5/8)/(3/8) = −1/3.
    expect(byName.accuracy!.n).toBe(4);
    expect(byName.accuracy!.agreement).toBe(0.5);
    expect(byName.accuracy!.kappa).toBeCloseTo(-1 / 3, 12);
    // clarity: judge a tie tie tie, people a a tie tie: p_o 3/4, p_e 1/4·1/2 + 3/4·1/2 = 1/2, kappa 1/2.
    expect(byName.clarity!.agreement).toBe(0.75);
    expect(byName.clarity!.kappa).toBeCloseTo(0.5, 12);
  });
});
