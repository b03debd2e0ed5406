import type { Statement } from "better-sqlite3";
import { and, eq } from "drizzle-orm";
import type { Db } from "../database.js";
import { PairwiseError } from "../../errors.js";
import { campaignChannels, campaigns, guidelineVersions } from "../schema/index.js";
import { onConnection } from "../transaction.js";

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
interface Statements {
  byName: Statement<[name: string], RawCampaign>;
  byId: Statement<[id: number], RawCampaign>;
  latestGuideline: Statement<[campaignId: number], RawGuideline>;
}
const cache = new WeakMap<Db, Statements>();
function statements(db: Db): Statements {
  let s = cache.get(db);
  if (!s) {
    s = {
      byName: db.$client.prepare<[string], RawCampaign>("SELECT * FROM campaigns WHERE name = ?"),
      byId: db.$client.prepare<[number], RawCampaign>("SELECT * FROM campaigns WHERE id = ?"),
      latestGuideline: db.$client.prepare<[number], RawGuideline>("SELECT * FROM guideline_versions WHERE campaign_id = ? ORDER BY version DESC LIMIT 1"),
    };
    cache.set(db, s);
  }
  return s;
}

export function findCampaignByName(db: Db, name: string): Promise<CampaignRow | undefined> {
  return onConnection(db, () => findCampaignByNameNow(db, name));
}

/** {@link findCampaignByName} as part of another repo function's step (synchronous). */
function findCampaignByNameNow(db: Db, name: string): CampaignRow | undefined {
  const raw = statements(db).byName.get(name);
  return raw ? toCampaign(raw) : undefined;
}

export function findCampaignById(db: Db, id: number): Promise<CampaignRow | undefined> {
  return onConnection(db, () => {
    const raw = statements(db).byId.get(id);
    return raw ? toCampaign(raw) : undefined;
  });
}

export function listCampaignRows(db: Db): Promise<CampaignRow[]> {
  return onConnection(db, () => listCampaignRowsNow(db));
}

/** {@link listCampaignRows} as part of another repo function's step (synchronous). */
function listCampaignRowsNow(db: Db): CampaignRow[] {
  return db.select().from(campaigns).orderBy(campaigns.name).all();
}

export function latestGuidelineVersion(db: Db, campaignId: number): Promise<GuidelineVersionRow | undefined> {
  return onConnection(db, () => {
    const raw = statements(db).latestGuideline.get(campaignId);
    return raw ? { id: raw.id, campaignId: raw.campaign_id, version: raw.version, text: raw.text, createdAt: new Date(raw.created_at) } : undefined;
  });
}

export type ChannelRow = typeof campaignChannels.$inferSelect;

export function channelsOfCampaign(db: Db, campaignId: number, purpose?: "labeling" | "leads"): Promise<ChannelRow[]> {
  return onConnection(db, () => {
    const where = purpose
      ? and(eq(campaignChannels.campaignId, campaignId), eq(campaignChannels.purpose, purpose))
      : eq(campaignChannels.campaignId, campaignId);
    return db.select().from(campaignChannels).where(where).all();
  });
}

/** Campaigns that list this channel, so a command run in a channel knows its campaign. */
export function campaignsInChannel(db: Db, platform: string, channelId: string): Promise<CampaignRow[]> {
  return onConnection(db, () => {
    return db
      .select({ campaign: campaigns })
      .from(campaignChannels)
      .innerJoin(campaigns, eq(campaigns.id, campaignChannels.campaignId))
      .where(and(eq(campaignChannels.platform, platform), eq(campaignChannels.channelId, channelId)))
      .all()
      .map((r) => r.campaign);
  });
}

// ---- Writing campaigns, their channels and guideline versions (saving a campaign file, status, the demo) ----

/** A campaign's columns as a campaign file sets them; `settings` is the JSON of `CampaignSettings`. */
export interface CampaignValues {
  name: string;
  title: string | null;
  description: string | null;
  status: CampaignRow["status"];
  settings: string;
  updatedAt: Date;
}

export function insertCampaign(db: Db, values: CampaignValues & { createdAt: Date }): Promise<CampaignRow> {
  return onConnection(db, () => {
    return db.insert(campaigns).values(values).returning().get();
  });
}

export function updateCampaign(db: Db, id: number, values: CampaignValues): Promise<CampaignRow> {
  return onConnection(db, () => {
    return db.update(campaigns).set(values).where(eq(campaigns.id, id)).returning().get();
  });
}

export function updateCampaignStatus(db: Db, id: number, status: CampaignRow["status"], updatedAt: Date): Promise<CampaignRow> {
  return onConnection(db, () => {
    return db.update(campaigns).set({ status, updatedAt }).where(eq(campaigns.id, id)).returning().get();
  });
}

/** Deletes a campaign and, by cascade, everything that belongs to it. */
export function deleteCampaign(db: Db, id: number): Promise<void> {
  return onConnection(db, () => {
    db.delete(campaigns).where(eq(campaigns.id, id)).run();
  });
}

/** Makes `channels` the campaign's channels, replacing whatever it listed before (a repeated channel is kept once). */
export function replaceCampaignChannels(db: Db, campaignId: number, channels: Omit<ChannelRow, "id" | "campaignId">[]): Promise<void> {
  return onConnection(db, () => {
    db.delete(campaignChannels).where(eq(campaignChannels.campaignId, campaignId)).run();
    if (channels.length === 0) return;
    db.insert(campaignChannels)
      .values(channels.map((c) => ({ ...c, campaignId })))
      .onConflictDoNothing()
      .run();
  });
}

export function insertGuidelineVersion(db: Db, row: Omit<GuidelineVersionRow, "id">): Promise<void> {
  return onConnection(db, () => {
    db.insert(guidelineVersions).values(row).run();
  });
}

// --- A campaign a person named (services and exports alike) --------------------------------------

/** A campaign by name, or a NOT_FOUND error that lists the names that exist (or says how to create one). */
export function requireCampaignNamed(db: Db, name: string): Promise<CampaignRow> {
  return onConnection(db, () => {
    const campaign = findCampaignByNameNow(db, name);
    if (campaign) return campaign;
    const names = listCampaignRowsNow(db).map((c) => c.name);
    const hint = names.length > 0 ? `Campaigns: ${names.join(", ")}.` : "No campaign exists yet: create one with `pairwise campaign create <file>`.";
    throw new PairwiseError("NOT_FOUND", `No campaign named "${name}". ${hint}`);
  });
}
