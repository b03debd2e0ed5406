import type { Statement } from "better-sqlite3";
import { and, eq } from "drizzle-orm";
import type { Db } from "../database.js";
import { PairwiseError } from "../../errors.js";
import { campaignChannels, campaigns, type guidelineVersions } from "../schema/index.js";

export type CampaignRow = typeof campaigns.$inferSelect;
export type GuidelineVersionRow = typeof guidelineVersions.$inferSelect;

interface RawCampaign {
  id: number;
  name: string;
  title: string | null;
  description: string | null;
  status: CampaignRow["status"];
  settings: string;
  created_at: number;
  updated_at: number;
}

const toCampaign = (r: RawCampaign): CampaignRow => ({
  id: r.id,
  name: r.name,
  title: r.title,
  description: r.description,
  status: r.status,
  settings: r.settings,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
});

interface RawGuideline {
  id: number;
  campaign_id: number;
  version: number;
  text: string;
  created_at: number;
}

// These three run on every vote: prepared once per database instead of built by the query builder.
const cache = new WeakMap<Db, { byName: Statement; byId: Statement; latestGuideline: Statement }>();
function statements(db: Db) {
  let s = cache.get(db);
  if (!s) {
    s = {
      byName: db.$client.prepare("SELECT * FROM campaigns WHERE name = ?"),
      byId: db.$client.prepare("SELECT * FROM campaigns WHERE id = ?"),
      latestGuideline: db.$client.prepare("SELECT * FROM guideline_versions WHERE campaign_id = ? ORDER BY version DESC LIMIT 1"),
    };
    cache.set(db, s);
  }
  return s;
}

export function findCampaignByName(db: Db, name: string): CampaignRow | undefined {
  const raw = statements(db).byName.get(name) as RawCampaign | undefined;
  return raw ? toCampaign(raw) : undefined;
}

export function findCampaignById(db: Db, id: number): CampaignRow | undefined {
  const raw = statements(db).byId.get(id) as RawCampaign | undefined;
  return raw ? toCampaign(raw) : undefined;
}

export function listCampaignRows(db: Db): CampaignRow[] {
  return db.select().from(campaigns).orderBy(campaigns.name).all();
}

export function latestGuidelineVersion(db: Db, campaignId: number): GuidelineVersionRow | undefined {
  const raw = statements(db).latestGuideline.get(campaignId) as RawGuideline | undefined;
  return raw ? { id: raw.id, campaignId: raw.campaign_id, version: raw.version, text: raw.text, createdAt: new Date(raw.created_at) } : undefined;
}

export type ChannelRow = typeof campaignChannels.$inferSelect;

export function channelsOfCampaign(db: Db, campaignId: number, purpose?: "labeling" | "leads"): ChannelRow[] {
  const where = purpose ? and(eq(campaignChannels.campaignId, campaignId), eq(campaignChannels.purpose, purpose)) : eq(campaignChannels.campaignId, campaignId);
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

// --- A campaign a person named (services and exports alike) --------------------------------------

/** A campaign by name, or a NOT_FOUND error that lists the names that exist (or says how to create one). */
export function requireCampaignNamed(db: Db, name: string): CampaignRow {
  const campaign = findCampaignByName(db, name);
  if (campaign) return campaign;
  const names = listCampaignRows(db).map((c) => c.name);
  const hint = names.length > 0 ? `Campaigns: ${names.join(", ")}.` : "No campaign exists yet: create one with `pairwise campaign create <file>`.";
  throw new PairwiseError("NOT_FOUND", `No campaign named "${name}". ${hint}`);
}
