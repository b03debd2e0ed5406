import type { Db } from "../database.js";
import { PairwiseError } from "../../errors.js";
import type { campaignChannels, campaigns, guidelineVersions } from "../schema/index.js";
import { statement, type Statement } from "../statement.js";
import { onConnection } from "../transaction.js";

export type CampaignRow = typeof campaigns.$inferSelect;
export type GuidelineVersionRow = typeof guidelineVersions.$inferSelect;

/** A campaigns row as the driver gives it. */
export interface RawCampaign {
  id: number;
  name: string;
  title: string | null;
  description: string | null;
  status: CampaignRow["status"];
  settings: string;
  created_at: number;
  updated_at: number;
}

export const toCampaign = (r: RawCampaign): CampaignRow => ({
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

// These three run on every vote: made once per database instead of built by the query builder.
interface Statements {
  byName: Statement<[name: string], RawCampaign>;
  byId: Statement<[id: number], RawCampaign>;
  latestGuideline: Statement<[campaignId: number], RawGuideline>;
}

type CampaignParams = [name: string, title: string | null, description: string | null, status: CampaignRow["status"], settings: string, updatedAt: number];
const cache = new WeakMap<Db, Statements>();
function statements(db: Db): Statements {
  let s = cache.get(db);
  if (!s) {
    s = {
      byName: statement<[string], RawCampaign>(db, "SELECT * FROM campaigns WHERE name = ?"),
      byId: statement<[number], RawCampaign>(db, "SELECT * FROM campaigns WHERE id = ?"),
      latestGuideline: statement<[number], RawGuideline>(db, "SELECT * FROM guideline_versions WHERE campaign_id = ? ORDER BY version DESC LIMIT 1"),
    };
    cache.set(db, s);
  }
  return s;
}

export function findCampaignByName(db: Db, name: string): Promise<CampaignRow | undefined> {
  return onConnection(db, () => findCampaignByNameNow(db, name));
}

/** {@link findCampaignByName} as part of another repo function's step. */
async function findCampaignByNameNow(db: Db, name: string): Promise<CampaignRow | undefined> {
  const raw = await statements(db).byName.get(name);
  return raw ? toCampaign(raw) : undefined;
}

export function findCampaignById(db: Db, id: number): Promise<CampaignRow | undefined> {
  return onConnection(db, async () => {
    const raw = await statements(db).byId.get(id);
    return raw ? toCampaign(raw) : undefined;
  });
}

export function listCampaignRows(db: Db): Promise<CampaignRow[]> {
  return onConnection(db, () => listCampaignRowsNow(db));
}

/** {@link listCampaignRows} as part of another repo function's step. */
async function listCampaignRowsNow(db: Db): Promise<CampaignRow[]> {
  return (await statement<[], RawCampaign>(db, "SELECT * FROM campaigns ORDER BY name").all()).map(toCampaign);
}

export function latestGuidelineVersion(db: Db, campaignId: number): Promise<GuidelineVersionRow | undefined> {
  return onConnection(db, async () => {
    const raw = await statements(db).latestGuideline.get(campaignId);
    return raw ? { id: raw.id, campaignId: raw.campaign_id, version: raw.version, text: raw.text, createdAt: new Date(raw.created_at) } : undefined;
  });
}

export type ChannelRow = typeof campaignChannels.$inferSelect;

const CHANNEL_COLUMNS = `id, campaign_id AS "campaignId", platform, channel_id AS "channelId", purpose`;

/** The campaign's channels (of one purpose, if given), in the order they were listed. */
export function channelsOfCampaign(db: Db, campaignId: number, purpose?: "labeling" | "leads"): Promise<ChannelRow[]> {
  return onConnection(db, () => {
    return purpose
      ? statement<[number, string], ChannelRow>(db, `SELECT ${CHANNEL_COLUMNS} FROM campaign_channels WHERE campaign_id = ? AND purpose = ? ORDER BY id`).all(
          campaignId,
          purpose,
        )
      : statement<[number], ChannelRow>(db, `SELECT ${CHANNEL_COLUMNS} FROM campaign_channels WHERE campaign_id = ? ORDER BY id`).all(campaignId);
  });
}

/** Campaigns that list this channel, so a command run in a channel knows its campaign. */
export function campaignsInChannel(db: Db, platform: string, channelId: string): Promise<CampaignRow[]> {
  return onConnection(db, async () => {
    const rows = await statement<[string, string], RawCampaign>(
      db,
      "SELECT c.* FROM campaign_channels cc JOIN campaigns c ON c.id = cc.campaign_id WHERE cc.platform = ? AND cc.channel_id = ? ORDER BY cc.id",
    ).all(platform, channelId);
    return rows.map(toCampaign);
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

function campaignParams(v: CampaignValues): CampaignParams {
  return [v.name, v.title, v.description, v.status, v.settings, v.updatedAt.getTime()];
}

export function insertCampaign(db: Db, values: CampaignValues & { createdAt: Date }): Promise<CampaignRow> {
  return onConnection(db, async () => {
    const raw = await statement<[...CampaignParams, createdAt: number], RawCampaign>(
      db,
      "INSERT INTO campaigns (name, title, description, status, settings, updated_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *",
    ).get(...campaignParams(values), values.createdAt.getTime());
    return toCampaign(raw!);
  });
}

export function updateCampaign(db: Db, id: number, values: CampaignValues): Promise<CampaignRow> {
  return onConnection(db, async () => {
    const raw = await statement<[...CampaignParams, id: number], RawCampaign>(
      db,
      "UPDATE campaigns SET name = ?, title = ?, description = ?, status = ?, settings = ?, updated_at = ? WHERE id = ? RETURNING *",
    ).get(...campaignParams(values), id);
    return toCampaign(raw!);
  });
}

export function updateCampaignStatus(db: Db, id: number, status: CampaignRow["status"], updatedAt: Date): Promise<CampaignRow> {
  return onConnection(db, async () => {
    const raw = await statement<[CampaignRow["status"], number, number], RawCampaign>(
      db,
      "UPDATE campaigns SET status = ?, updated_at = ? WHERE id = ? RETURNING *",
    ).get(status, updatedAt.getTime(), id);
    return toCampaign(raw!);
  });
}

/** Deletes a campaign and, by cascade, everything that belongs to it. */
export function deleteCampaign(db: Db, id: number): Promise<void> {
  return onConnection(db, async () => {
    await statement<[number]>(db, "DELETE FROM campaigns WHERE id = ?").run(id);
  });
}

/** Makes `channels` the campaign's channels, replacing whatever it listed before (a repeated channel is kept once). */
export function replaceCampaignChannels(db: Db, campaignId: number, channels: Omit<ChannelRow, "id" | "campaignId">[]): Promise<void> {
  return onConnection(db, async () => {
    await statement<[number]>(db, "DELETE FROM campaign_channels WHERE campaign_id = ?").run(campaignId);
    const insert = statement<[number, string, string, ChannelRow["purpose"]]>(
      db,
      "INSERT INTO campaign_channels (campaign_id, platform, channel_id, purpose) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
    );
    for (const c of channels) await insert.run(campaignId, c.platform, c.channelId, c.purpose);
  });
}

export function insertGuidelineVersion(db: Db, row: Omit<GuidelineVersionRow, "id">): Promise<void> {
  return onConnection(db, async () => {
    await statement<[number, number, string, number]>(db, "INSERT INTO guideline_versions (campaign_id, version, text, created_at) VALUES (?, ?, ?, ?)").run(
      row.campaignId,
      row.version,
      row.text,
      row.createdAt.getTime(),
    );
  });
}

// --- A campaign a person named (services and exports alike) --------------------------------------

/** A campaign by name, or a NOT_FOUND error that lists the names that exist (or says how to create one). */
export function requireCampaignNamed(db: Db, name: string): Promise<CampaignRow> {
  return onConnection(db, async () => {
    const campaign = await findCampaignByNameNow(db, name);
    if (campaign) return campaign;
    const names = (await listCampaignRowsNow(db)).map((c) => c.name);
    const hint = names.length > 0 ? `Campaigns: ${names.join(", ")}.` : "No campaign exists yet: create one with `pairwise campaign create <file>`.";
    throw new PairwiseError("NOT_FOUND", `No campaign named "${name}". ${hint}`);
  });
}
