import { PairwiseError } from "../../errors.js";
import { requireCampaign } from "../../services/find-campaign.js";
import type { Reply } from "../events.js";
import { adjudicationView } from "../handlers/adjudicate.js";
import { judgeReviewView } from "../handlers/judge-review.js";
import { openAndAnnounce } from "../handlers/calibration.js";
import { notice } from "../views.js";
import type { CommandSpec } from "./command-spec.js";
import { count } from "../../domain/plural.js";
import { channelFor } from "../mentions.js";
import { formatInZone } from "../../domain/format-time.js";

export const adjudicateCommand: CommandSpec = {
  name: "adjudicate",
  lead: "campaign",
  usage: "<campaign> [judge]",
  summary: "Decide items that stayed split at the maximum overlap; with `judge`, the pairs where the AI judge disagrees with a confident human majority.",
  details:
    "Shows the item, every vote and rationale (without names), and buttons for the final answer; each answer takes a short note, kept in the export's resolution log. With `judge` (or the judge report's \"Review disagreements\" button), one pair at a time, the judge's most confident first: the human votes and the judge's verdict with its confidence; confirm the humans, side with the judge, or skip. Either answer is the item's final label in exports, logged as a `judge` adjudication.",
  async run(deps, event): Promise<Reply> {
    const name = event.args[0];
    if (!name) throw new PairwiseError("VALIDATION", "Say which campaign: `/pairwise adjudicate <campaign> [judge]`.");
    const campaign = await requireCampaign(deps.services, name);
    const queue = event.args[1];
    if (queue === "judge") return { kind: "private", view: await judgeReviewView(deps, campaign.id), persistent: true };
    if (queue !== undefined)
      throw new PairwiseError(
        "VALIDATION",
        `\`/pairwise adjudicate\` takes the campaign and optionally \`judge\`, not "${queue.slice(0, 40)}". Example: \`/pairwise adjudicate ${name} judge\`.`,
      );
    return { kind: "private", view: await adjudicationView(deps, name), persistent: true };
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
    const campaign = await requireCampaign(deps.services, name);
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
