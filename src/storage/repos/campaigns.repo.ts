import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../database.js";
import { campaignChannels, campaigns, guidelineVersions } from "../schema/index.js";

export type CampaignRow = typeof campaigns.$inferSelect;
export type GuidelineVersionRow = typeof guidelineVersions.$inferSelect;

export function findCampaignByName(db: Db, name: string): CampaignRow | undefined {
  return db.select().from(campaigns).where(eq(campaigns.name, name)).get();
}

export function findCampaignById(db: Db, id: number): CampaignRow | undefined {
  return db.select().from(campaigns).where(eq(campaigns.id, id)).get();
}

export function listCampaignRows(db: Db): CampaignRow[] {
  return db.select().from(campaigns).orderBy(campaigns.name).all();
}

export function latestGuidelineVersion(db: Db, campaignId: number): GuidelineVersionRow | undefined {
  return db
    .select()
    .from(guidelineVersions)
    .where(eq(guidelineVersions.campaignId, campaignId))
    .orderBy(desc(guidelineVersions.version))
    .limit(1)
    .get();
}

export function findGuidelineVersion(db: Db, id: number): GuidelineVersionRow | undefined {
  return db.select().from(guidelineVersions).where(eq(guidelineVersions.id, id)).get();
}

export type ChannelRow = typeof campaignChannels.$inferSelect;

export function channelsOfCampaign(db: Db, campaignId: number, purpose?: "labeling" | "leads"): ChannelRow[] {
  const where = purpose
    ? and(eq(campaignChannels.campaignId, campaignId), eq(campaignChannels.purpose, purpose))
    : eq(campaignChannels.campaignId, campaignId);
  return db.select().from(campaignChannels).where(where).all();
}

/** Campaigns that list this channel, so a command run in a channel knows its campaign. */
export function campaignsInChannel(db: Db, platform: string, channelId: string): CampaignRow[] {
  return db
    .select({ campaign: campaigns })
    .from(campaignChannels)
    .innerJoin(campaigns, eq(campaigns.id, campaignChannels.campaignId))
    .where(and(eq(campaignChannels.platform, platform), eq(campaignChannels.channelId, channelId)))
    .all()
    .map((r) => r.campaign);
}
