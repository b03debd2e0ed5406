import { latestGuidelineVersion } from "../storage/repos/campaigns.repo.js";
import type { ServiceContext } from "./context.js";

/** The version number of a campaign's current guidelines, or null when it has none. */
export function currentGuidelineVersion(ctx: ServiceContext, campaignId: number): number | null {
  return latestGuidelineVersion(ctx.db, campaignId)?.version ?? null;
}
