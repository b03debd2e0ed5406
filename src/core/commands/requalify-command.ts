import { PairwiseError } from "../../errors.js";
import { requireCampaign } from "../../services/find-campaign.js";
import { requalifyAnnotator } from "../../services/quality/requalify-annotator.js";
import { afterReply } from "../dispatch-context.js";
import type { Reply } from "../events.js";
import type { PlatformName } from "../platform.js";
import { notice } from "../views.js";
import type { CommandSpec } from "./command-spec.js";

export const requalifyCommand: CommandSpec = {
  name: "requalify",
  lead: "campaign",
  usage: "<campaign> <annotator> [--reset]",
  summary: "Give an annotator of your campaign a fresh start after a flag: qualified again, or with --reset calibrating again first.",
  details:
    "Name the annotator by mention, by platform:userId (as lead notices write it, e.g. slack:U0123ABC), or by display name. Their gold and calibration windows restart now, so earlier answers do not flag them again. Only people who worked in the campaign can be named. They are told by DM.",
  async run(deps, event): Promise<Reply> {
    const [name, ...rest] = event.args;
    const reset = rest.some((a) => a === "--reset" || a.toLowerCase() === "reset");
    const who = rest.filter((a) => a !== "--reset" && a.toLowerCase() !== "reset").join(" ");
    if (!name || !who)
      throw new PairwiseError(
        "VALIDATION",
        "Say which campaign and whom: `/pairwise requalify <campaign> <annotator> [--reset]`, for example `/pairwise requalify support-v2 slack:U0123ABC`.",
      );
    const campaign = await requireCampaign(deps.services, name);
    const result = await requalifyAnnotator(deps.services, campaign, { annotator: who, mode: reset ? "reset" : "requalify", platform: event.platform });
    const a = result.annotator;
    const label = `${a.displayName ? `${a.displayName} ` : ""}(${a.platform}:${a.userId})`;
    const title = campaign.title ?? campaign.name;
    const platform = deps.platforms.get(a.platform as PlatformName);
    if (platform) {
      const text = reset
        ? `A lead gave you a fresh start in ${title}: your next \`/pairwise next ${campaign.name}\` begins with a short calibration, then regular items.`
        : `A lead requalified you in ${title}: you can take regular items again with \`/pairwise next ${campaign.name}\`. Earlier check answers no longer count against you.`;
      afterReply(deps, "requalify notice", () =>
        platform.postMessage({ kind: "direct", user: { platform: platform.name, workspaceId: a.workspaceId, userId: a.userId } }, notice(text, "success")),
      );
    }
    const now = reset ? "new: they calibrate again before regular items" : "qualified: they take regular items again";
    return {
      kind: "private",
      view: notice(
        `${label} was ${result.before.replace("_", " ")} and is now ${now}. Their gold and calibration windows start afresh.${platform ? " They were told by DM." : ""}`,
        "success",
      ),
    };
  },
};
