import { PairwiseError } from "../../errors.js";
import { campaignProgress } from "../../services/campaign-progress.js";
import { campaignSettings } from "../../services/find-campaign.js";
import { setCampaignStatus } from "../../services/set-campaign-status.js";
import { campaignChannels, listCampaigns, type CampaignRow } from "../../services/campaign-lookup.js";
import { canLead } from "../lead-access.js";
import type { Reply } from "../events.js";
import { handlePost } from "../handlers/channel.js";
import { notice, type MessageView } from "../views.js";
import type { CommandSpec } from "./command-spec.js";
import { count } from "../../domain/plural.js";
import { channelFor } from "../mentions.js";

/** The campaign a lead command names as its first argument, or a clear request for it. */
export function campaignArg(args: string[], usage: string): string {
  const name = args[0];
  if (!name) throw new PairwiseError("VALIDATION", `Say which campaign: \`/pairwise ${usage}\`. \`/pairwise campaigns\` lists them.`);
  return name;
}

export const campaignsCommand: CommandSpec = {
  name: "campaigns",
  lead: "listing",
  usage: "",
  summary: "List the campaigns you lead, with their status and progress.",
  async run(deps, event): Promise<Reply> {
    const rows: CampaignRow[] = [];
    for (const campaign of await listCampaigns(deps.services)) if (await canLead(deps, event, { campaign })) rows.push(campaign);
    if (rows.length === 0)
      return {
        kind: "private",
        view: notice("No campaign you lead yet. Create one with `pairwise campaign create <file>` on the server (name yourself under `leads:`)."),
      };
    const view: MessageView = {
      text: count(rows.length, "campaign"),
      blocks: [
        { type: "header", text: "Campaigns" },
        ...(await Promise.all(
          rows.map(async (c) => {
            const p = await campaignProgress(deps.services, c.id);
            const channels = (await campaignChannels(deps.services, c.id, "labeling")).map((ch) => channelFor(event.platform, ch)).join(", ") || "no channels";
            const s = campaignSettings(c);
            return {
              type: "fields" as const,
              fields: [
                { label: c.name, value: c.title ?? "" },
                { label: "Status", value: c.status },
                { label: "Progress", value: `${p.complete}/${count(p.items, "item")} complete · ${count(p.judgments, "judgment")}` },
                { label: "Settings", value: `overlap ${s.overlap} · gold ${(s.goldRate * 100).toFixed(0)}% · ${channels}` },
              ],
            };
          }),
        )),
      ],
    };
    return { kind: "private", view };
  },
};

function statusCommand(name: "open" | "pause" | "close", status: "active" | "paused" | "closed", summary: string): CommandSpec {
  return {
    name,
    lead: "campaign",
    usage: "<campaign>",
    summary,
    async run(deps, event): Promise<Reply> {
      const campaign = await setCampaignStatus(deps.services, { campaign: campaignArg(event.args, `${name} <campaign>`), status });
      const what = status === "active" ? "open for labeling" : status === "paused" ? "paused: no new items are handed out" : "closed";
      return { kind: "private", view: notice(`Campaign ${campaign.name} is ${what}.`, "success") };
    },
  };
}

export const openCommand = statusCommand("open", "active", "Open a campaign for labeling.");
export const pauseCommand = statusCommand("pause", "paused", "Pause a campaign: no new items are handed out.");

export const postCommand: CommandSpec = {
  name: "post",
  lead: "campaign",
  usage: "<campaign> [n]",
  summary: "Post n items (default 1, at most 20) in the campaign's channels; everyone votes once.",
  details: "The split is hidden until an item has all its votes, then revealed on the message.",
  async run(deps, event): Promise<Reply> {
    const name = campaignArg(event.args, "post <campaign> [n]");
    const raw = event.args[1] ?? "1";
    const count = Number(raw);
    if (!Number.isInteger(count) || count < 1 || count > 20) {
      throw new PairwiseError("VALIDATION", `"${raw}" is not a number of items from 1 to 20. Example: \`/pairwise post ${name} 5\`.`);
    }
    return await handlePost(deps, event, name, count);
  },
};
