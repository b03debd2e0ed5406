import { integer, primaryKey, sqliteTable } from "drizzle-orm/sqlite-core";
import { annotators } from "./annotators.js";
import { campaigns } from "./campaigns.js";

/**
 * What an annotator has been told about a campaign, so each thing is said once: the last
 * guideline version a card showed them (a newer one is announced on their next card), and when
 * the leads were told that they are paused with no calibration item to take.
 */
export const annotatorCampaignNotes = sqliteTable(
  "annotator_campaign_notes",
  {
    annotatorId: integer("annotator_id")
      .notNull()
      .references(() => annotators.id, { onDelete: "cascade" }),
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    /** The guideline version (number, not row id) their last card was made under; null before any. */
    guidelineVersionShown: integer("guideline_version_shown"),
    /** When the leads were told this annotator waits for them (paused, no calibration items); cleared by a requalify. */
    leadsToldStuckAt: integer("leads_told_stuck_at", { mode: "timestamp_ms" }),
  },
  (t) => [primaryKey({ columns: [t.annotatorId, t.campaignId] })],
);
