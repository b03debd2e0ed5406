import { campaignGuidelines } from "../../services/campaign-guidelines.js";
import { guidelinesDocument, guidelinesView } from "../cards/guidelines-card.js";
import type { Reply } from "../events.js";
import type { DispatchDeps } from "../dispatch-context.js";
import { notice } from "../views.js";

/** The Guidelines button (and `/pairwise guidelines`): the campaign's current guidelines and rubric, privately. */
export async function handleGuidelines(deps: DispatchDeps, campaignId: number): Promise<Reply> {
  return { kind: "private", view: guidelinesView(await campaignGuidelines(deps.services, campaignId)) };
}

/** The guidelines' "full text": the whole document as a file only the clicking user gets. */
export async function handleGuidelinesFull(deps: DispatchDeps, campaignId: number): Promise<Reply> {
  const g = await campaignGuidelines(deps.services, campaignId);
  const text = guidelinesDocument(g);
  return {
    kind: "file",
    files: [
      {
        name: `${g.campaignName}-guidelines${g.version ? `-v${g.version}` : ""}.txt`,
        mimeType: "text/plain",
        data: Buffer.from(text, "utf8"),
        title: `Guidelines${g.version ? ` v${g.version}` : ""}`,
      },
    ],
    view: notice(`The guidelines of ${g.campaignTitle}, in full (${text.length.toLocaleString("en-US")} characters).`),
  };
}
