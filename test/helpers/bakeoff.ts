import { toStoredChoice } from "../../src/domain/choice.js";
import { parseBakeoffRecords, type BakeoffEntries } from "../../src/io/bakeoff-file.js";
import type { PairwiseCore } from "../../src/app.js";
import { findChannelPost } from "../../src/storage/repos/channel-posts.repo.js";
import { findComparison } from "../../src/storage/repos/comparisons.repo.js";

/** Outputs of `models` on `prompts` shared prompts, as a parsed bake-off file (short texts made up for the test). */
export function bakeoffOutputs(models: readonly string[], prompts: number): BakeoffEntries {
  const records = models.flatMap((model) =>
    Array.from({ length: prompts }, (_, p) => ({
      line: 0,
      record: {
        prompt_id: `p${p + 1}`,
        prompt: `Suggest a subject line for launch note ${p + 1}.`,
        model,
        output: `${model}'s subject line for note ${p + 1}`,
      },
    })),
  );
  return parseBakeoffRecords(
    records.map((r, i) => ({ ...r, line: i + 1 })),
    "outputs.jsonl",
  );
}

/**
 * The screen button ("1" or "2") a voter presses on a bake-off post when they always prefer the
 * model that comes first in `best` (best first): what a clear-cut bake-off looks like.
 */
export async function preferredButton(core: PairwiseCore, postId: number, best: readonly string[]): Promise<"1" | "2"> {
  const post = (await findChannelPost(core.services.db, postId))!;
  const comparison = (await findComparison(core.services.db, post.comparisonId))!;
  const winner = best.indexOf(comparison.modelA!) < best.indexOf(comparison.modelB!) ? "a" : "b";
  return toStoredChoice("1", post.displayOrder) === winner ? "1" : "2";
}
