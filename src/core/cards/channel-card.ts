import { SCREEN_CHOICES, screenChoiceLabel, toStoredChoice, type ScreenChoice } from "../../domain/choice.js";
import type { ChatTurn } from "../../domain/comparison.js";
import type { ChoiceCounts } from "../../services/channel-vote.js";
import { encodeAction } from "../action-ids.js";
import type { MessageView, ViewBlock } from "../views.js";
import { comparisonBlocks } from "./comparison-card.js";
import { guidelinesButton } from "./guidelines-card.js";
import { count } from "../../domain/plural.js";

export interface ChannelCardInput {
  postId: number;
  /** The campaign, for the Guidelines button. */
  campaignId: number;
  campaignTitle: string;
  prompt: ChatTurn[];
  responseA: string;
  responseB: string;
  displayOrder: "ab" | "ba";
  votes: number;
  overlap: number;
  /** Present once the item reached its overlap: the split is shown and voting ends. */
  revealed?: ChoiceCounts;
}

const CHOICES: readonly ScreenChoice[] = SCREEN_CHOICES;

/**
 * A comparison posted in a channel. Until the item has all its votes, the card shows how many
 * voted but not how: seeing the split would sway the next voter.
 */
export function channelCard(input: ChannelCardInput): MessageView {
  const blocks: ViewBlock[] = [{ type: "header", text: input.campaignTitle }];
  blocks.push(...comparisonBlocks(input, (part) => encodeAction({ verb: "channel_full_text", postId: input.postId, part })));
  if (input.revealed) {
    const counts = input.revealed;
    const line = CHOICES.map((c) => `${screenChoiceLabel(c)}: *${counts[toStoredChoice(c, input.displayOrder)]}*`).join(" · ");
    blocks.push({ type: "text", text: `*Result* (${count(input.votes, "vote")}) · ${line}` });
    blocks.push({ type: "context", text: "Voting is closed for this item." });
    return { text: `Result: ${line.replace(/\*/g, "")}`, blocks, tone: "success" };
  }
  blocks.push({ type: "context", text: `${input.votes} of ${count(input.overlap, "vote")} · the split is shown when voting completes · one vote each` });
  blocks.push({
    type: "actions",
    buttons: [
      ...CHOICES.map((choice) => ({ actionId: encodeAction({ verb: "channel_vote", postId: input.postId, choice }), label: screenChoiceLabel(choice) })),
      guidelinesButton(input.campaignId),
    ],
  });
  return { text: `Which response is better? (${input.campaignTitle})`, blocks };
}
