import { bigint, pgTable, primaryKey } from "drizzle-orm/pg-core";
import { annotators } from "./annotators.js";
import { campaigns } from "./campaigns.js";

/** What an annotator has been told about a campaign, so each thing is said once. */
export const annotatorCampaignNotes = pgTable(
  "annotator_campaign_notes",
  {
    annotatorId: bigint("annotator_id", { mode: "number" })
      .notNull()
      .references(() => annotators.id, { onDelete: "cascade" }),
    campaignId: bigint("campaign_id", { mode: "number" })
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    guidelineVersionShown: bigint("guideline_version_shown", { mode: "number" }),
    leadsToldStuckAt: bigint("leads_told_stuck_at", { mode: "number" }),
  },
  (t) => [primaryKey({ columns: [t.annotatorId, t.campaignId] })],
);
