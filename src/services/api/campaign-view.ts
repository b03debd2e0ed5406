import { latestGuidelineVersion, listCampaignRows, type CampaignRow } from "../../storage/repos/campaigns.repo.js";
import type { ServiceContext } from "../context.js";
import { campaignSettings, requireCampaign } from "../find-campaign.js";
import { progressReport } from "../reports/progress.js";

export interface ProgressView {
  items: number;
  complete: number;
  partial: number;
  untouched: number;
  judgments: number;
  inProgress: number;
}

export interface CampaignView {
  name: string;
  title: string | null;
  status: CampaignRow["status"];
  guideline_version: number | null;
  settings: Record<string, unknown>;
  progress: ProgressView;
}

/** A campaign's progress, the figures of the progress report (regular items only). */
export async function progressView(ctx: ServiceContext, row: CampaignRow): Promise<ProgressView> {
  const d = (await progressReport(ctx, row)).data as unknown as ProgressView;
  return { items: d.items, complete: d.complete, partial: d.partial, untouched: d.untouched, judgments: d.judgments, inProgress: d.inProgress };
}

export async function campaignView(ctx: ServiceContext, row: CampaignRow): Promise<CampaignView> {
  return {
    name: row.name,
    title: row.title,
    status: row.status,
    guideline_version: (await latestGuidelineVersion(ctx.db, row.id))?.version ?? null,
    settings: campaignSettings(row) as unknown as Record<string, unknown>,
    progress: await progressView(ctx, row),
  };
}

export async function campaignViews(ctx: ServiceContext): Promise<CampaignView[]> {
  return await Promise.all((await listCampaignRows(ctx.db)).map(async (row) => await campaignView(ctx, row)));
}

export async function campaignViewByName(ctx: ServiceContext, name: string): Promise<CampaignView> {
  return await campaignView(ctx, await requireCampaign(ctx, name));
}
