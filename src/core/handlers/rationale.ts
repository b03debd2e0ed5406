import type { ScreenChoice } from "../../domain/choice.js";
import { isPairwiseError } from "../../errors.js";
import { comparisonCard, finalAs } from "../cards/comparison-card.js";
import { campaignSettings } from "../../services/find-campaign.js";
import { loadOwnedAssignment } from "../../services/load-assignment.js";
import { submitRationale } from "../../services/submit-rationale.js";
import { judgmentOf } from "../../services/judgment-lookup.js";
import { encodeAction } from "../action-ids.js";
import { rationaleForm, rubricPageCount } from "../cards/rationale-form.js";
import type { DispatchDeps } from "../dispatch-context.js";
import { capabilitiesOf, identityOf } from "../dispatch-context.js";
import type { InboundEvent, Reply } from "../events.js";
import type { FormValues, MessageView } from "../views.js";
import { cardInput } from "./card-input.js";
import { flagNote, sendQualityNotices } from "./quality-notices.js";

/** "Add rationale": opens the form, prefilled with what is stored. Built from indexed reads only, so it meets the modal deadline. */
export async function openRationaleForm(deps: DispatchDeps, event: InboundEvent, assignmentId: number): Promise<Reply> {
  const owned = await loadOwnedAssignment(deps.services, identityOf(event), assignmentId);
  const settings = campaignSettings(owned.campaign);
  const judgment = await judgmentOf(deps.services, owned.assignment);
  const split = rubricPageCount(settings, capabilitiesOf(deps, event.platform).maxFormFields) > 0;
  const input = { assignmentId, settings, displayOrder: owned.assignment.displayOrder, part: split ? ("main" as const) : ("all" as const) };
  return { kind: "form", form: rationaleForm(judgment ? { ...input, current: judgment } : input) };
}

/** Opens one page of rubric scores (platforms whose forms are too small for everything at once). */
export async function openRubricForm(deps: DispatchDeps, event: InboundEvent, assignmentId: number, page: number): Promise<Reply> {
  const owned = await loadOwnedAssignment(deps.services, identityOf(event), assignmentId);
  const settings = campaignSettings(owned.campaign);
  const judgment = await judgmentOf(deps.services, owned.assignment);
  const pageSize = capabilitiesOf(deps, event.platform).maxFormFields;
  const input = { assignmentId, settings, displayOrder: owned.assignment.displayOrder, part: { rubricPage: page, pageSize } };
  return { kind: "form", form: rationaleForm(judgment ? { ...input, current: judgment } : input) };
}

/**
 * A submitted rationale (or rubric page). Validation errors go back to the form with the typed
 * values kept; success updates the card, and offers the next rubric page when there is one.
 */
export async function submitRationaleForm(
  deps: DispatchDeps,
  event: InboundEvent,
  form: { assignmentId: number; choice?: ScreenChoice; rubricPage?: number },
  values: FormValues,
): Promise<Reply> {
  const ctx = deps.services;
  const who = identityOf(event);
  const isRubricPage = form.rubricPage !== undefined;
  try {
    const result = await submitRationale(ctx, {
      annotator: who,
      assignmentId: form.assignmentId,
      ...(form.choice ? { choice: form.choice } : {}),
      values,
      merge: isRubricPage,
    });
    const owned = result.vote ?? (await loadOwnedAssignment(ctx, who, form.assignmentId));
    const state = {
      kind: "voted" as const,
      choice: result.judgment.choice,
      hasRationale: result.judgment.rationale !== null,
      ...(result.vote?.goldFeedback ? { goldFeedback: result.vote.goldFeedback } : {}),
      ...finalAs(owned.assignment.kind, campaignSettings(owned.campaign).goldFeedback),
    };
    const view = comparisonCard(await cardInput(ctx, owned, state));
    if (result.vote) sendQualityNotices(deps, event, result.vote.campaign, result.vote.quality);
    addRubricButton(deps, event, view, owned.campaign, form.assignmentId, isRubricPage ? form.rubricPage! + 1 : 0);
    const flagged = result.vote ? await flagNote(deps, result.vote.campaign, result.vote.assignment.annotatorId, result.vote.quality) : undefined;
    return flagged ? { kind: "update", view, privateNote: flagged } : { kind: "update", view };
  } catch (error) {
    if (isPairwiseError(error) && error.code === "VALIDATION" && error.fieldErrors) {
      const owned = await loadOwnedAssignment(ctx, who, form.assignmentId);
      const settings = campaignSettings(owned.campaign);
      const pageSize = capabilitiesOf(deps, event.platform).maxFormFields;
      const split = rubricPageCount(settings, pageSize) > 0;
      const part = isRubricPage ? { rubricPage: form.rubricPage!, pageSize } : split ? ("main" as const) : ("all" as const);
      const retry = rationaleForm({
        assignmentId: form.assignmentId,
        settings,
        displayOrder: owned.assignment.displayOrder,
        part,
        draft: values,
        ...(form.choice ? { pendingChoice: form.choice } : {}),
      });
      return { kind: "form_errors", errors: error.fieldErrors, form: retry };
    }
    throw error;
  }
}

/** When the rubric does not fit in one form, the card offers the next page as a button. */
function addRubricButton(
  deps: DispatchDeps,
  event: InboundEvent,
  view: MessageView,
  campaign: Parameters<typeof campaignSettings>[0],
  assignmentId: number,
  page: number,
): void {
  const settings = campaignSettings(campaign);
  const pages = rubricPageCount(settings, capabilitiesOf(deps, event.platform).maxFormFields);
  if (pages === 0 || page >= pages) return;
  // Beside "Add rationale", not in the row that changes the vote.
  const actions = view.blocks.find((b) => b.type === "actions" && b.buttons.some((x) => x.actionId === encodeAction({ verb: "rationale", assignmentId })));
  if (actions?.type !== "actions") return;
  actions.buttons.unshift({
    actionId: encodeAction({ verb: "rubric", assignmentId, page }),
    label: pages > 1 ? `Score rubric (${page + 1}/${pages})` : "Score rubric",
    style: "primary",
  });
}
