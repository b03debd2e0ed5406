import { PairwiseError } from "../../errors.js";
import { importSummary } from "../../io/import/summary.js";
import { requireCampaign } from "../../services/find-campaign.js";
import { importAttachment, MAX_ATTACHMENT_IMPORT_BYTES } from "../../services/import-attachment.js";
import type { Reply } from "../events.js";
import { notice } from "../views.js";
import { campaignArg } from "./campaign-commands.js";
import type { CommandSpec } from "./command-spec.js";

const MiB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, "")} MiB`;
const ON_THE_SERVER = "run `pairwise import <campaign> <file>` on the server";

export const importCommand: CommandSpec = {
  name: "import",
  lead: "campaign",
  usage: "<campaign> (with a file attached)",
  summary: `Import items from an attached JSONL, JSON or CSV file (optionally .gz), all or nothing; at most ${MiB(MAX_ATTACHMENT_IMPORT_BYTES)}.`,
  details: `Discord: attach the file to the command. On Slack, or for a larger file, ${ON_THE_SERVER}. A bad row imports nothing; the answer names its line and field.`,
  async run(deps, event): Promise<Reply> {
    const name = campaignArg(event.args, "import <campaign>");
    const attachment = event.attachment;
    if (!attachment) {
      throw new PairwiseError(
        "VALIDATION",
        `Attach the file to \`/pairwise import ${name}\` (a JSONL, JSON or CSV file, optionally .gz). Where a command cannot carry a file, ${ON_THE_SERVER}.`,
      );
    }
    if (attachment.size > MAX_ATTACHMENT_IMPORT_BYTES) {
      const sizes = `is ${MiB(attachment.size)}; an attached file can be at most ${MiB(MAX_ATTACHMENT_IMPORT_BYTES)}`;
      throw new PairwiseError("VALIDATION", `"${attachment.name}" ${sizes}. Gzip it (.jsonl.gz), or ${ON_THE_SERVER}.`);
    }
    await requireCampaign(deps.services, name);
    // A download and an import take longer than an interaction may wait: acknowledge now.
    return {
      kind: "deferred",
      visibility: "private",
      work: async () => {
        const data = await attachment.fetch(MAX_ATTACHMENT_IMPORT_BYTES).catch((error: unknown) => {
          const why = error instanceof Error ? error.message : String(error);
          throw new PairwiseError("PLATFORM", `Could not download "${attachment.name}" (${why}). Nothing was imported; attach it again.`);
        });
        const result = await importAttachment(deps.services, { campaign: name, name: attachment.name, data });
        return { kind: "private", view: notice(importSummary(result).join("\n"), "success") };
      },
    };
  },
};
