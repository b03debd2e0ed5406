import type { CampaignGuidelines } from "../../services/campaign-guidelines.js";
import { encodeAction } from "../action-ids.js";
import type { ButtonView, MessageView, ViewBlock } from "../views.js";

/** The button every comparison card carries: the campaign's current guidelines, privately. */
export function guidelinesButton(campaignId: number): ButtonView {
  return { actionId: encodeAction({ verb: "guidelines", campaignId }), label: "Guidelines" };
}

/** The rubric definitions as lines: what each dimension measures. */
function rubricText(rubric: CampaignGuidelines["rubric"]): string {
  return rubric.map((d) => `${d.label ?? d.name} (${d.name}, scored 1–5): ${d.description}`).join("\n");
}

/**
 * The guidelines and rubric, privately. Both are `long_text`, so a platform that cannot show
 * them whole shows the start and a button to the full text (a file): long guidelines are never cut.
 */
export function guidelinesView(g: CampaignGuidelines): MessageView {
  const full = encodeAction({ verb: "guidelines_full", campaignId: g.campaignId });
  const heading = g.version ? `Guidelines v${g.version} · ${g.campaignTitle}` : `Guidelines · ${g.campaignTitle}`;
  const blocks: ViewBlock[] = [{ type: "header", text: heading }];
  blocks.push(
    g.text
      ? { type: "long_text", title: "Guidelines", text: g.text, fullTextActionId: full }
      : {
          type: "text",
          text: "This campaign has no written guidelines yet: judge which response serves the prompt better. A lead adds them in the campaign file.",
        },
  );
  if (g.rubric.length > 0) blocks.push({ type: "long_text", title: "Rubric", text: rubricText(g.rubric), fullTextActionId: full });
  return { text: heading, blocks };
}

/** The whole text of the guidelines and rubric, as one plain-text document. */
export function guidelinesDocument(g: CampaignGuidelines): string {
  const parts = [g.version ? `Guidelines v${g.version} · ${g.campaignTitle}` : `Guidelines · ${g.campaignTitle}`, "", g.text ?? "(no written guidelines)"];
  if (g.rubric.length > 0) parts.push("", "Rubric", rubricText(g.rubric));
  return `${parts.join("\n")}\n`;
}

/** What a card gets, once, when the guidelines changed since the annotator's previous card: the news and the text's button. */
export function guidelinesChangedBlocks(campaignId: number, change: { changedFrom: number; version: number }): ViewBlock[] {
  return [
    { type: "text", text: `*Guidelines changed to v${change.version}* since your last item (v${change.changedFrom}). Please read them before you answer.` },
    { type: "actions", buttons: [{ ...guidelinesButton(campaignId), label: `Read guidelines v${change.version}`, style: "primary" }] },
  ];
}
