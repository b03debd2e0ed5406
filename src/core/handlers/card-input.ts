import type { AssignmentRecord } from "../../storage/repos/assignments.repo.js";
import type { CampaignRow } from "../../storage/repos/campaigns.repo.js";
import { latestGuidelineVersion } from "../../storage/repos/campaigns.repo.js";
import type { ComparisonRecord } from "../../storage/repos/comparisons.repo.js";
import type { ServiceContext } from "../../services/context.js";
import type { CardInput } from "../cards/comparison-card.js";
import { judgeHint } from "../../services/ai-judge/judge-hint.js";

/** Assembles what a comparison card shows from the rows a service returned. */
export function cardInput(
  ctx: ServiceContext,
  parts: { campaign: CampaignRow; assignment: AssignmentRecord; comparison: ComparisonRecord },
  state: CardInput["state"],
): CardInput {
  const judge = state.kind === "open" || state.kind === "voted" ? judgeHint(ctx, parts.campaign, parts.comparison) : undefined;
  return {
    assignmentId: parts.assignment.id,
    campaignId: parts.campaign.id,
    campaignTitle: parts.campaign.title ?? parts.campaign.name,
    guidelineVersion: latestGuidelineVersion(ctx.db, parts.campaign.id)?.version ?? null,
    prompt: parts.comparison.prompt,
    responseA: parts.comparison.responseA,
    responseB: parts.comparison.responseB,
    displayOrder: parts.assignment.displayOrder,
    state,
    ...(judge ? { judge } : {}),
  };
}
