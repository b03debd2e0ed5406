import type { ServiceContext } from "../../services/context.js";
import { currentGuidelineVersion } from "../../services/guideline-version.js";
import type { OwnedAssignment } from "../../services/load-assignment.js";
import type { CardInput } from "../cards/comparison-card.js";
import { judgeHint } from "../../services/ai-judge/judge-hint.js";

/** Assembles what a comparison card shows from the rows a service returned. */
export async function cardInput(
  ctx: ServiceContext,
  parts: Pick<OwnedAssignment, "campaign" | "assignment" | "comparison">,
  state: CardInput["state"],
): Promise<CardInput> {
  const judge = state.kind === "open" || state.kind === "voted" ? await judgeHint(ctx, parts.campaign, parts.comparison) : undefined;
  return {
    assignmentId: parts.assignment.id,
    campaignId: parts.campaign.id,
    campaignTitle: parts.campaign.title ?? parts.campaign.name,
    guidelineVersion: await currentGuidelineVersion(ctx, parts.campaign.id),
    prompt: parts.comparison.prompt,
    responseA: parts.comparison.responseA,
    responseB: parts.comparison.responseB,
    displayOrder: parts.assignment.displayOrder,
    state,
    ...(judge ? { judge } : {}),
  };
}
