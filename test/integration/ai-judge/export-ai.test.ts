import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTransaction } from "../../../src/services/context.js";
import { ensureAnnotator } from "../../../src/storage/repos/annotators.repo.js";
import { insertJudgment } from "../../../src/storage/repos/judgments.repo.js";
import { closeDatabase } from "../../../src/storage/database.js";
import { verdictNaming, type FakeOpenAi } from "../../fakes/fake-openai/server.js";
import { fakeJudge, judgedCampaign, prescore } from "../../helpers/ai-judge.js";
import { runCli } from "../../helpers/cli.js";
import { createTestCore, seedCampaign, seedComparisons } from "../../helpers/core.js";

const dir = mkdtempSync(join(tmpdir(), "pairwise-export-ai-"));
const db = join(dir, "p.db");
let server: FakeOpenAi;

beforeAll(async () => {
  const core = createTestCore({ databasePath: db });
  const campaign = await seedCampaign(core, judgedCampaign(""));
  const [item0, , item2] = seedComparisons(core, campaign.id, 3);
  // People: item-0 a, a, b; item-1 nobody; item-2 b.
  await withTransaction(core.services, async () => {
    const votes: [number, number, "a" | "b"][] = [
      [item0!, 1, "a"],
      [item0!, 2, "a"],
      [item0!, 3, "b"],
      [item2!, 1, "b"],
    ];
    for (const [comparisonId, n, choice] of votes) {
      const annotator = await ensureAnnotator(core.services.db, { platform: "slack", workspaceId: "T1", userId: `U${n}` }, core.clock.now());
      await insertJudgment(core.services.db, {
        campaignId: campaign.id,
        comparisonId,
        annotatorId: annotator.id,
        assignmentId: null,
        guidelineVersionId: null,
        kind: "regular",
        choice,
        displayOrder: "ab",
        timeTakenMs: 20_000,
        source: "platform",
        aiShown: "never",
        at: Date.now(),
      });
    }
  });
  // The judge prefers A everywhere.
  server = await fakeJudge({
    respond: (r) => ({ verdict: verdictNaming(r, r.first.startsWith("Answer A") ? r.first : r.second) as "1" | "2", probability: 0.95 }),
  });
  await prescore(core, server);
  closeDatabase(core.services.db);
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const exportAs = async (name: string, ...flags: string[]) => {
  const out = join(dir, `${name}.jsonl`);
  const r = await runCli(["export", "c", "--out", out, ...flags], { DATABASE_PATH: db });
  expect(r.error).toBeUndefined();
  return {
    rows: readFileSync(out, "utf8")
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>),
    qa: readFileSync(join(dir, `${name}.qa.md`), "utf8"),
    card: readFileSync(join(dir, `${name}.card.md`), "utf8"),
  };
};

describe("AI labels in exports", () => {
  it("stay out of training exports: the pair only the judge scored has no row, and no row counts its vote", async () => {
    // --include-incomplete: item-2 has one person of its three; the point here is the judge's vote.
    const { rows, qa, card } = await exportAs("trl", "--format", "trl", "--include-incomplete");
    expect(rows.map((r) => [r.id, r.chosen, r.judgments, r.ai_votes])).toEqual([
      ["item-0", "Answer A for 0", 3, undefined],
      ["item-2", "Answer B for 2", 1, undefined],
    ]);
    const line = "AI labels: none of the labels. The verdicts of judge-model (prompt judge-v1, 3 verdicts) are left out (--include-ai counts them).";
    expect(qa).toContain(line);
    expect(qa).toContain("| only the AI judge's verdict, no person's yet | 1 | `--include-ai`, or collect judgments |");
    expect(card).toContain(line);
  });

  it("--include-ai counts the judge as one more vote, says how many on each row, and states the AI share", async () => {
    const { rows, qa, card } = await exportAs("trl-ai", "--format", "trl", "--include-ai", "--include-incomplete");
    // item-2 is now b (person) against a (judge): a tie between A and B, which a paired format leaves out.
    expect(rows.map((r) => [r.id, r.chosen, r.judgments, r.ai_votes])).toEqual([
      ["item-0", "Answer A for 0", 4, 1],
      ["item-1", "Answer A for 1", 1, 1],
    ]);
    const line =
      "AI labels: 2 of the 5 votes behind the labels (40.0%) are the AI judge's, by judge-model (prompt judge-v1, 3 verdicts); 1 item is labeled by the judge alone.";
    expect(qa).toContain(line);
    expect(card).toContain(line);
  });

  it("the raw export carries every AI verdict with its provenance and both raw answers", async () => {
    const { rows, qa } = await exportAs("raw", "--format", "raw");
    const ai = rows.filter((r) => r.source === "ai");
    expect(ai).toHaveLength(3);
    expect(rows.filter((r) => r.source === "platform").map((r) => r.ai_shown)).toEqual(["never", "never", "never", "never"]);
    const first = ai[0]!;
    expect(first).toMatchObject({
      annotator: "ai:judge-model",
      annotator_platform: "ai",
      choice: "a",
      ai_shown: null,
      ai: { model: "judge-model", prompt_version: "judge-v1", orders_agree: true, route: "confident", target_before: 3, target_after: 3 },
    });
    const answers = (first.ai as { answers: { order: string; choice: string; raw: string; probability: number }[] }).answers;
    expect(answers.map((a) => [a.order, a.choice, JSON.parse(a.raw).verdict])).toEqual([
      ["a_first", "a", "1"],
      ["b_first", "a", "2"],
    ]);
    expect(answers[0]!.probability).toBeCloseTo(0.95, 9);
    expect(qa).toContain(
      'AI judgments: 3 of the 7 judgments in this file (42.9%) are the AI judge\'s, by judge-model (prompt judge-v1, 3 verdicts), each with source "ai", its model, prompt version and raw answers.',
    );
  });
});
