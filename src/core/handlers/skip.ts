import { skipAssignment } from "../../services/skip-assignment.js";
import { comparisonCard } from "../cards/comparison-card.js";
import type { DispatchDeps } from "../dispatch-context.js";
import { identityOf } from "../dispatch-context.js";
import type { InboundEvent, Reply } from "../events.js";
import { cardInput } from "./card-input.js";

export function handleSkip(deps: DispatchDeps, event: InboundEvent, assignmentId: number): Reply {
  const result = skipAssignment(deps.services, { annotator: identityOf(event), assignmentId });
  return { kind: "update", view: comparisonCard(cardInput(deps.services, result, { kind: "skipped" })) };
}
