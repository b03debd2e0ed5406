import { join } from "node:path";
import { PACKAGE_ROOT } from "../paths.js";
import { readCampaignFile } from "../io/campaign-file.js";
import { deleteCampaign, findCampaignByName } from "../storage/repos/campaigns.repo.js";
import { importComparisons } from "./import-comparisons.js";
import { saveCampaign } from "./save-campaign.js";
import type { ServiceContext } from "./context.js";

/** The bundled demo: a campaign file and a PandaLM sample, shipped with their license. */
const DEMO_DIR = join(PACKAGE_ROOT, "demo");

/**
 * Creates the demo campaign on first run (the terminal playground's starting point) and imports
 * its items with their published labels. Later runs find it and change nothing.
 */
export async function ensureDemoCampaign(ctx: ServiceContext): Promise<{ created: boolean; name: string }> {
  const file = readCampaignFile(join(DEMO_DIR, "campaign.yaml"));
  if (await findCampaignByName(ctx.db, file.name)) return { created: false, name: file.name };
  const { campaign } = await saveCampaign(ctx, { file, mode: "create" });
  try {
    await importComparisons(ctx, { campaign: file.name, path: join(DEMO_DIR, "pandalm-sample.json"), format: "pandalm", includeJudgments: true });
  } catch (error) {
    // Leave no half-made demo behind: the next start tries again from scratch.
    await deleteCampaign(ctx.db, campaign.id);
    throw error;
  }
  return { created: true, name: file.name };
}
