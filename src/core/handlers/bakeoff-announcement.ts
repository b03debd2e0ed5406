import { adoptBakeoffAnnouncement, claimBakeoffAnnouncement } from "../../services/bakeoff/bakeoff-announcement.js";
import type { NamedBakeoff } from "../../services/bakeoff/find-bakeoff.js";
import { tryParseAction } from "../action-ids.js";
import { LOOK_BACK_MS } from "../channel-posts/marker.js";
import type { DispatchDeps } from "../dispatch-context.js";
import type { ChatPlatform, MessageRef, PostedMessage } from "../platform.js";
import type { MessageView } from "../views.js";

/** Whether a message the bot posted is this bake-off's announcement: its Leaderboard button names the bake-off's campaign. */
export function isAnnouncementOf(message: PostedMessage, campaignId: number): boolean {
  return message.actionIds.some((id) => {
    const action = tryParseAction(id);
    return action?.verb === "bakeoff_board" && action.campaignId === campaignId;
  });
}

/** The send's idempotency key (a Discord nonce, at most 25 characters): one per bake-off and intent. */
const announcementKey = (bakeoffId: number, at: Date) => `pwb${bakeoffId.toString(36)}-${at.getTime().toString(36)}`;

/**
 * Posts a bake-off's announcement once, across crashes, as channel posts are (core/channel-posts):
 * the intent is recorded before the send and the message id after it. A run that finds the intent
 * but no message id (the previous run died between the two, or the send's answer was lost) looks
 * for the announcement among the bot's recent messages in the channel, by its button, and adopts
 * it; only when it is not there is it sent again. A platform that cannot list its messages (the
 * terminal) is sent to again: nothing survives a restart there to be doubled.
 */
export async function announceBakeoff(deps: DispatchDeps, platform: ChatPlatform, bakeoff: NamedBakeoff, view: MessageView): Promise<MessageRef> {
  const channel = { platform: platform.name, channelId: bakeoff.channelId! };
  if (bakeoff.rootMessageId) return { ...channel, messageId: bakeoff.rootMessageId };
  const intent = await claimBakeoffAnnouncement(deps.services, bakeoff.id);
  if (intent.action === "look" && platform.recentOwnMessages) {
    const messages = await platform.recentOwnMessages(channel, new Date(intent.at.getTime() - LOOK_BACK_MS));
    const found = messages.find((m) => m.message.channelId === channel.channelId && isAnnouncementOf(m, bakeoff.campaignId));
    if (found) {
      await adoptBakeoffAnnouncement(deps.services, bakeoff.id, found.message.messageId);
      deps.logger.info({ bakeoff: bakeoff.name, messageId: found.message.messageId }, "bake-off announcement found in the channel; adopted");
      return found.message;
    }
  }
  const posted = await platform.postMessage({ kind: "channel", channel }, view, { idempotencyKey: announcementKey(bakeoff.id, intent.at) });
  await adoptBakeoffAnnouncement(deps.services, bakeoff.id, posted.messageId);
  return posted;
}
