import { hadFlagBetween } from "../../storage/repos/judgment-flags.repo.js";
import type { ServiceContext } from "../context.js";
import type { AnomalyKind } from "./detect-anomalies.js";

/** How long after telling someone about a kind of flag the same kind is not repeated. */
const FLAG_NEWS_QUIET_MS = 24 * 3600_000;

/**
 * The anomalies of a just-recorded answer worth telling its annotator about: each kind once a day
 * per campaign. Straight-lining, once it holds, flags every answer after; a note on each would
 * nag rather than help.
 */
export async function anomaliesToTell(
  ctx: ServiceContext,
  input: { annotatorId: number; campaignId: number; anomalies: readonly AnomalyKind[] },
): Promise<AnomalyKind[]> {
  const now = ctx.clock.now().getTime();
  const tell: AnomalyKind[] = [];
  for (const kind of input.anomalies) {
    const told = await hadFlagBetween(ctx.db, {
      annotatorId: input.annotatorId,
      campaignId: input.campaignId,
      kind,
      since: now - FLAG_NEWS_QUIET_MS,
      before: now,
    });
    if (!told) tell.push(kind);
  }
  return tell;
}
