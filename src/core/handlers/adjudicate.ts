import { toStoredChoice, type ScreenChoice } from "../../domain/choice.js";
import { PairwiseError } from "../../errors.js";
import { nextAdjudication, resolveAdjudication } from "../../services/quality/adjudication.js";
import { queuePositionAfterSkip } from "../../services/quality/adjudication-skip.js";
import { campaignOfItem, type CampaignRow } from "../../services/campaign-lookup.js";
import { adjudicationCard, adjudicationForm } from "../cards/adjudication-card.js";
import type { DispatchDeps } from "../dispatch-context.js";
import { requireCampaignLead } from "../lead-access.js";
import type { InboundEvent, Reply } from "../events.js";
import type { FormValues, MessageView } from "../views.js";
import { notice } from "../views.js";

/** The campaign of the item a button or form names, after checking the person leads it (an id in a payload is never trusted). */
async function requireItemLead(deps: DispatchDeps, event: InboundEvent, comparisonId: number): Promise<CampaignRow> {
  const campaign = await campaignOfItem(deps.services, comparisonId);
  if (!campaign) throw new PairwiseError("NOT_FOUND", "This item no longer exists.");
  await requireCampaignLead(deps, event, campaign);
  return campaign;
}

/** The next item waiting for a lead, or a note that the queue is empty. */
export async function adjudicationView(deps: DispatchDeps, campaign: string, afterId?: number): Promise<MessageView> {
  const next = await nextAdjudication(deps.services, afterId === undefined ? { campaign } : { campaign, afterId });
  if (!next) return notice(`Nothing waits for adjudication in ${campaign}.`, "success");
  return adjudicationCard(next);
}

/** A final-answer button: opens the note form (first response), or moves on for "skip". */
export async function handleAdjudicateButton(deps: DispatchDeps, event: InboundEvent, comparisonId: number, choice: ScreenChoice | "skip"): Promise<Reply> {
  const campaign = await requireItemLead(deps, event, comparisonId);
  if (choice !== "skip") return { kind: "form", form: adjudicationForm(comparisonId, choice) };
  return { kind: "update", view: await adjudicationView(deps, campaign.name, await queuePositionAfterSkip(deps.services, comparisonId)) };
}

/** The note form: records the final answer and shows the next waiting item. */
export async function handleAdjudicateForm(
  deps: DispatchDeps,
  event: InboundEvent,
  comparisonId: number,
  choice: ScreenChoice,
  values: FormValues,
): Promise<Reply> {
  await requireItemLead(deps, event, comparisonId);
  const note = typeof values.note === "string" ? values.note : "";
  try {
    const { campaign, alreadyResolved } = await resolveAdjudication(deps.services, {
      comparisonId,
      // Adjudication cards always show A first.
      choice: toStoredChoice(choice, "ab"),
      note,
      lead: `${event.user.platform}:${event.user.userId}`,
    });
    const view = await adjudicationView(deps, campaign.name);
    return alreadyResolved ? { kind: "update", view, privateNote: notice("Another lead resolved that item first.", "info") } : { kind: "update", view };
  } catch (error) {
    if (error instanceof PairwiseError && error.fieldErrors)
      return { kind: "form_errors", errors: { note: Object.values(error.fieldErrors)[0]! }, form: adjudicationForm(comparisonId, choice) };
    throw error;
  }
}
