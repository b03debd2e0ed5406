import { latestGuidelineVersion } from "../storage/repos/campaigns.repo.js";
import type { ServiceContext } from "./context.js";

/** The version number of a campaign's current guidelines, or null when it has none. */
export async function currentGuidelineVersion(ctx: ServiceContext, campaignId: number): Promise<number | null> {
  return (await latestGuidelineVersion(ctx.db, campaignId))?.version ?? null;
}
