import { sql } from "drizzle-orm";
import { bigint, index, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";

/**
 * SQLite's `(unixepoch() * 1000)`: the current time in epoch milliseconds, whole seconds (as
 * SQLite's default gives), so a row defaulted on either side reads the same.
 */
const nowMs = sql`((floor(extract(epoch from now())) * 1000)::bigint)`;

/** A labeling project. Its settings (overlap, thresholds, rubric, schedules) live in `settings` as validated JSON. */
export const campaigns = pgTable("campaigns", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
  name: text("name").notNull().unique(),
  title: text("title"),
  description: text("description"),
  status: text("status", { enum: ["draft", "active", "paused", "closed"] })
    .notNull()
    .default("draft"),
  /** JSON of `CampaignSettings` (src/domain/campaign-settings.ts), kept as text: exports copy its bytes. */
  settings: text("settings").notNull(),
  createdAt: bigint("created_at", { mode: "number" }).notNull().default(nowMs),
  updatedAt: bigint("updated_at", { mode: "number" }).notNull().default(nowMs),
});

/** Every version of a campaign's guidelines; a changed text is a new version, never an edit. */
export const guidelineVersions = pgTable(
  "guideline_versions",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    campaignId: bigint("campaign_id", { mode: "number" })
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    version: bigint("version", { mode: "number" }).notNull(),
    text: text("text").notNull(),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
  },
  (t) => [uniqueIndex("guideline_versions_campaign_version").on(t.campaignId, t.version)],
);

/** The chat channels a campaign lives in; one campaign may live on several platforms at once. */
export const campaignChannels = pgTable(
  "campaign_channels",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    campaignId: bigint("campaign_id", { mode: "number" })
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
