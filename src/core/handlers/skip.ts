import { skipAssignment } from "../../services/skip-assignment.js";
import { comparisonCard } from "../cards/comparison-card.js";
import type { DispatchDeps } from "../dispatch-context.js";
import { identityOf } from "../dispatch-context.js";
import type { InboundEvent, Reply } from "../events.js";
import { cardInput } from "./card-input.js";

export async function handleSkip(deps: DispatchDeps, event: InboundEvent, assignmentId: number): Promise<Reply> {
  const result = await skipAssignment(deps.services, { annotator: identityOf(event), assignmentId });
  return { kind: "update", view: comparisonCard(await cardInput(deps.services, result, { kind: "skipped" })) };
}
