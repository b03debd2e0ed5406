import type { Choice, ScreenChoice } from "../../src/domain/choice.js";
import { toScreenChoice } from "../../src/domain/choice.js";
import { castVote } from "../../src/services/cast-vote.js";
import { nextAssignment } from "../../src/services/next-assignment.js";
import type { TestCore } from "./core.js";

/**
 * One person answers every item the campaign gives them, a minute each (not too fast), until
 * nothing is left for them. `choose` answers in stored terms (A, B, tie, both_bad), whatever the
 * display order. Returns how many they answered.
 */
export async function answerAll(
  core: TestCore,
  campaign: string,
  who: { platform: string; workspaceId: string; userId: string },
  choose: () => Choice,
): Promise<number> {
  let answered = 0;
  for (;;) {
    let a;
    try {
      a = await nextAssignment(core.services, { campaign, annotator: who });
    } catch {
      return answered;
    }
    core.clock.advance(60_000);
    const screen: ScreenChoice = toScreenChoice(await choose(), a.assignment.displayOrder);
    await castVote(core.services, { annotator: who, assignmentId: a.assignment.id, choice: screen });
    answered++;
  }
}
