import { PairwiseError } from "../../errors.js";
import { requireCampaign } from "../../services/find-campaign.js";
import type { Reply } from "../events.js";
import { adjudicationView } from "../handlers/adjudicate.js";
import { openAndAnnounce } from "../handlers/calibration.js";
import { notice } from "../views.js";
import type { CommandSpec } from "./command-spec.js";
import { count } from "../../domain/plural.js";
import { channelFor } from "../mentions.js";
import { formatInZone } from "../../domain/format-time.js";

export const adjudicateCommand: CommandSpec = {
  name: "adjudicate",
  lead: "campaign",
  usage: "<campaign>",
  summary: "Decide items that stayed split at the maximum overlap.",
  details:
    "Shows the item, every vote and rationale (without names), and buttons for the final answer; each answer takes a short note, kept in the export's resolution log.",
  run(deps, event): Reply {
    const name = event.args[0];
    if (!name) throw new PairwiseError("VALIDATION", "Say which campaign: `/pairwise adjudicate <campaign>`.");
    requireCampaign(deps.services, name);
    return { kind: "private", view: adjudicationView(deps, name), persistent: true };
  },
};

export const calibrateCommand: CommandSpec = {
  name: "calibrate",
  lead: "campaign",
  usage: "<campaign>",
  summary: "Open a calibration round now and announce it in the campaign's channels.",
  details:
    "Everyone answers the round's reference items privately within the window from the campaign file (default 48h); results are given privately at the close. Scheduled rounds come from `calibration: { cron, items, window }`.",
  async run(deps, event): Promise<Reply> {
    const name = event.args[0];
    if (!name) throw new PairwiseError("VALIDATION", "Say which campaign: `/pairwise calibrate <campaign>`.");
    const campaign = requireCampaign(deps.services, name);
    const now = deps.services.clock.now();
    const { round } = await openAndAnnounce(deps, campaign, `manual:${campaign.id}:${now.toISOString()}`, now);
    const where = round.announcements.map((a) => channelFor(event.platform, a)).join(", ") || "no channel (add channels to the campaign file)";
    return {
      kind: "private",
      view: notice(
        `Calibration round opened for ${campaign.name}: ${count(round.itemIds.length, "item")} until ${formatInZone(new Date(round.closesAt), deps.timezone)}, announced in ${where}.`,
        "success",
      ),
    };
  },
};
