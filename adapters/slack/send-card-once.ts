import type { ChatPostMessageArguments, WebClient } from "@slack/web-api";
import { DEFAULT_POST_RETRY, type MessageRef, type PlatformSendError, type PostedMessage, retryDelay, type RetryPolicy, sleep } from "../../src/core/port.js";
import type { Logger } from "../../src/logger.js";
import { slackSendError } from "./send-errors.js";

/** How far before the first attempt to look for the card: our clock and Slack's may differ a little. */
const CLOCK_SKEW_MS = 60_000;

export interface CardSender {
  /** A client that sends once: no transport retry, a 429 rejected at once. */
  postClient: WebClient;
  /** The bot's own recent top-level messages in a channel (conversations.history). */
  listOwn(channelId: string, since: Date): Promise<PostedMessage[]>;
  /** The DM channel with a user (its history is read by channel id). */
  dmChannel(userId: string): Promise<string>;
  logger: Logger;
  policy?: RetryPolicy;
}

const sameButtons = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((id, i) => id === b[i]);

/**
 * Sends a card (a message with buttons) to a user's DM exactly once. chat.postMessage has no
 * idempotency key, so the WebClient's own retry of a 5xx whose message went in would post the card
 * twice. Here each attempt is sent once; a throttled one waits for Retry-After; one whose outcome
 * is unknown looks in the DM for a card with the same buttons (they name the assignment) before
 * sending again, with backoff. If the DM cannot be read, the card is not sent again: the person
 * gets the same card back with `/pairwise next`, and a card shown twice is what this prevents.
 */
export async function sendCardOnce(
  sender: CardSender,
  args: ChatPostMessageArguments & { channel: string },
  actionIds: readonly string[],
): Promise<MessageRef> {
  const policy = sender.policy ?? DEFAULT_POST_RETRY;
  const since = new Date(Date.now() - CLOCK_SKEW_MS);
  for (let attempt = 1; ; attempt++) {
    let failure: PlatformSendError;
    try {
      const res = await sender.postClient.chat.postMessage(args);
      return { platform: "slack", channelId: res.channel ?? args.channel, messageId: res.ts ?? "" };
    } catch (error) {
      failure = slackSendError(error);
    }
    if (failure.outcome === "refused" || attempt >= policy.attempts) throw failure;
    if (failure.outcome === "unknown") {
      const found = await lookInDm(sender, args.channel, actionIds, since);
      if (found === "unreadable") throw failure;
      if (found) {
        sender.logger.info({ channel: found.channelId, messageId: found.messageId }, "card found in the DM after a lost answer; not sent again");
        return found;
      }
    }
    const delayMs = retryDelay(policy, attempt, failure.retryAfterMs);
    sender.logger.warn({ err: failure, attempt, outcome: failure.outcome, delayMs }, "DM card failed; retrying");
    await sleep(delayMs);
  }
}

async function lookInDm(sender: CardSender, userId: string, actionIds: readonly string[], since: Date): Promise<MessageRef | undefined | "unreadable"> {
  try {
    const channel = userId.startsWith("D") ? userId : await sender.dmChannel(userId);
    const messages = await sender.listOwn(channel, since);
    return messages.find((m) => sameButtons(m.actionIds, actionIds))?.message;
  } catch (error) {
    sender.logger.error({ err: error }, "could not read the DM to check a card whose answer was lost; not sending it again");
    return "unreadable";
  }
}
