import { adjudicationIdOfItem } from "../../storage/repos/adjudication-ids.repo.js";
import type { ServiceContext } from "../context.js";

/**
 * Where the adjudication queue goes on after a lead skips an item: after that item's place in the
 * queue (its adjudication id), or from the start when it has none.
 */
export async function queuePositionAfterSkip(ctx: ServiceContext, comparisonId: number): Promise<number | undefined> {
  return await adjudicationIdOfItem(ctx.db, comparisonId);
}
