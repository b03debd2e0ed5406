import { PairwiseError } from "../../errors.js";
import { requireCampaign } from "../../services/find-campaign.js";
import type { Reply } from "../events.js";
import { adjudicationView } from "../handlers/adjudicate.js";
import type { CommandSpec } from "./command-spec.js";

export const adjudicateCommand: CommandSpec = {
  name: "adjudicate",
  lead: true,
  usage: "<campaign>",
  summary: "Decide items that stayed split at the maximum overlap.",
  details: "Shows the item, every vote and rationale (without names), and buttons for the final answer; each answer takes a short note, kept in the export's resolution log.",
  run(deps, event): Reply {
    const name = event.args[0];
    if (!name) throw new PairwiseError("VALIDATION", "Say which campaign: `/pairwise adjudicate <campaign>`.");
    requireCampaign(deps.services, name);
    return { kind: "private", view: adjudicationView(deps, name), persistent: true };
  },
};
