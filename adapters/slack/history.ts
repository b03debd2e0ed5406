import type { WebClient } from "@slack/web-api";
import type { ChannelRef, PostedMessage } from "../../src/core/port.js";

/** Pages of 200 (Slack's recommended page size); past this many the listing is incomplete and says so. */
const PAGE = 200;
const MAX_PAGES = 5;

/** Who the bot is on Slack, to tell its own messages from everyone else's. */
export interface BotIdentity {
  botId?: string;
  userId?: string;
}

interface HistoryMessage {
  ts?: string;
  user?: string;
  bot_id?: string;
  thread_ts?: string;
  blocks?: unknown[];
}

/** The action ids of a message's buttons: actions blocks and section accessories (pure). */
export function actionIdsOfBlocks(blocks: readonly unknown[] | undefined): string[] {
  const ids: string[] = [];
  for (const block of blocks ?? []) {
    const b = block as { elements?: { action_id?: unknown }[]; accessory?: { action_id?: unknown } };
    for (const element of [...(b.elements ?? []), ...(b.accessory ? [b.accessory] : [])])
      if (typeof element?.action_id === "string") ids.push(element.action_id);
  }
  return ids;
}

/**
 * The bot's own top-level messages in a channel since `since`, newest first, through
 * `conversations.history` (scopes `channels:history`, `groups:history`). Throws when there are
 * more than it reads: an incomplete listing must not pass for "not there".
 */
export async function ownMessagesSince(client: WebClient, self: BotIdentity, channel: ChannelRef, since: Date): Promise<PostedMessage[]> {
  const out: PostedMessage[] = [];
  const oldest = (since.getTime() / 1000).toFixed(6);
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await client.conversations.history({ channel: channel.channelId, oldest, limit: PAGE, ...(cursor ? { cursor } : {}) });
    for (const m of (res.messages ?? []) as HistoryMessage[]) {
      const mine = (self.botId !== undefined && m.bot_id === self.botId) || (self.userId !== undefined && m.user === self.userId);
      if (mine && m.ts && (!m.thread_ts || m.thread_ts === m.ts))
        out.push({ message: { platform: "slack", channelId: channel.channelId, messageId: m.ts }, actionIds: actionIdsOfBlocks(m.blocks) });
    }
    cursor = res.response_metadata?.next_cursor || undefined;
    if (!res.has_more || !cursor) return out;
  }
  throw new Error(`more than ${PAGE * MAX_PAGES} messages in ${channel.channelId} since ${since.toISOString()}; not all read`);
}
