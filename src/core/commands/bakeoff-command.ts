import { PairwiseError } from "../../errors.js";
import { bakeoffStanding } from "../../services/bakeoff/bakeoff-standing.js";
import { bakeoffsWithStatus, requireBakeoff, type NamedBakeoff } from "../../services/bakeoff/find-bakeoff.js";
import { requireCampaignById } from "../../services/find-campaign.js";
import { canLead, requireCampaignLead } from "../lead-access.js";
import { bakeoffBoardView } from "../cards/bakeoff-cards.js";
import type { Reply } from "../events.js";
import { startBakeoffHere, stopBakeoffNow } from "../handlers/bakeoff.js";
import { notice } from "../views.js";
import { CREATE_USAGE, createBakeoffHere } from "./bakeoff-create.js";
import { MAX_BAKEOFF_ATTACHMENT_BYTES } from "../../services/bakeoff/create-bakeoff-from-file.js";
import type { CommandSpec } from "./command-spec.js";
import { count } from "../../domain/plural.js";
import { channelFor } from "../mentions.js";

const USAGE = "create <name> (outputs attached) | start <name> | status <name> | stop <name> | list";

export const bakeoffCommand: CommandSpec = {
  name: "bakeoff",
  // Anyone who leads something may ask; each bake-off is then checked against its own leads.
  lead: "listing",
  usage: USAGE,
  summary: "Run a bake-off of several models here: the pairs that settle the ranking fastest, a live leaderboard, a stop when it is stable.",
  details: `Create it from the models' outputs on shared prompts (JSON Lines, a JSON array or CSV, one row per model per prompt: {"prompt_id", "prompt", "model", "output"}): on Discord attach the file to \`/pairwise bakeoff ${CREATE_USAGE}\`; on Slack (a command cannot carry a file), or for a file over ${MAX_BAKEOFF_ATTACHMENT_BYTES / 1024 / 1024} MiB, run \`pairwise bakeoff create outputs.jsonl --name <name> [--leads slack:U0123]\` on the server. A bad row creates nothing; the answer names its line and field. Its leads are the person who created it, those named in --leads, and the PAIRWISE_LEADS. Then \`/pairwise bakeoff start <name>\` in the channel where the team votes: pairs are posted there (one vote each; \`next\` never hands them out), the leaderboard with intervals lives in a thread, and it stops itself when each model is ahead of the next at the chosen confidence (default 95%). When it ends, the pairs still waiting lose their buttons. \`status\` shows it privately, \`stop\` ends it now, \`list\` names them all.`,
  async run(deps, event): Promise<Reply> {
    const [sub, name] = [event.args[0]?.toLowerCase(), event.args[1]];
    if (sub === "create") return createBakeoffHere(deps, event);
    if (sub === "list") {
      const all: NamedBakeoff[] = [];
      for (const b of await bakeoffsWithStatus(deps.services))
        if (await canLead(deps, event, { campaign: await requireCampaignById(deps.services, b.campaignId) })) all.push(b);
      return {
        kind: "private",
        view: notice(
          all.length === 0
            ? "No bake-offs yet. Create one with `/pairwise bakeoff create <name>` and the outputs file attached (or `pairwise bakeoff create <outputs file> --name <name>` on the server)."
            : all.map((b) => `${b.name}: ${b.status}${b.outcome ? ` · ${b.outcome}` : ""}`).join("\n"),
        ),
      };
    }
    if (!sub || !["start", "status", "stop"].includes(sub))
      throw new PairwiseError(
        "VALIDATION",
        `\`/pairwise bakeoff ${USAGE}\`. For example: \`/pairwise bakeoff create subject-lines\` with the outputs file attached, then \`/pairwise bakeoff start subject-lines\`.`,
      );
    if (!name) throw new PairwiseError("VALIDATION", `Say which bake-off: \`/pairwise bakeoff ${sub} <name>\`. \`/pairwise bakeoff list\` names them.`);
    await requireCampaignLead(deps, event, await requireCampaignById(deps.services, (await requireBakeoff(deps.services, name)).campaignId));
    if (sub === "start") return await startBakeoffHere(deps, event, name);
    if (sub === "stop") return await stopBakeoffNow(deps, name);
    const { bakeoff, board, prompts } = await bakeoffStanding(deps.services, name);
    const view = bakeoffBoardView(bakeoff, board);
    const where = bakeoff.channelId
      ? `running in ${channelFor(event.platform, { platform: bakeoff.platform ?? "", channelId: bakeoff.channelId })}`
      : "not started";
    view.blocks.push({
      type: "context",
      text: `${count(board.rows.length, "model")} · ${count(prompts, "prompt")} · ${bakeoff.status === "running" ? where : bakeoff.status === "draft" ? where : `ended ${bakeoff.status}`}`,
    });
    return { kind: "private", view };
  },
};
