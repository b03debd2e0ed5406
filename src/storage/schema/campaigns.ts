import { sql } from "drizzle-orm";
import { integer, sqliteTable, text, uniqueIndex, index } from "drizzle-orm/sqlite-core";

/** A labeling project. Its settings (overlap, thresholds, rubric, schedules) live in `settings` as validated JSON. */
export const campaigns = sqliteTable("campaigns", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  title: text("title"),
  description: text("description"),
  status: text("status", { enum: ["draft", "active", "paused", "closed"] })
    .notNull()
    .default("draft"),
  /** JSON of `CampaignSettings` (src/domain/campaign-settings.ts). */
  settings: text("settings").notNull(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(sql`(unixepoch() * 1000)`),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull().default(sql`(unixepoch() * 1000)`),
});

/** Every version of a campaign's guidelines; a changed text is a new version, never an edit. */
export const guidelineVersions = sqliteTable(
  "guideline_versions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    text: text("text").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("guideline_versions_campaign_version").on(t.campaignId, t.version)],
);

/** The chat channels a campaign lives in; one campaign may live on several platforms at once. */
export const campaignChannels = sqliteTable(
  "campaign_channels",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    platform: text("platform").notNull(),
    channelId: text("channel_id").notNull(),
    /** `labeling` (where items are posted) or `leads` (notices and digests). */
    purpose: text("purpose", { enum: ["labeling", "leads"] })
      .notNull()
      .default("labeling"),
  },
  (t) => [
    uniqueIndex("campaign_channels_unique").on(t.campaignId, t.platform, t.channelId, t.purpose),
    index("campaign_channels_by_channel").on(t.platform, t.channelId),
  ],
);
