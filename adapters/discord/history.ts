import { Routes, type APIMessage, type REST } from "discord.js";
import type { ChannelRef, PostedMessage } from "../../src/core/port.js";

/** Pages of 100 (Discord's most); past this many the listing is incomplete and says so. */
const PAGE = 100;
const MAX_PAGES = 5;

/** The custom ids of a message's components, action rows and their buttons (pure). */
export function customIdsOfComponents(components: readonly unknown[] | undefined): string[] {
  const ids: string[] = [];
  for (const row of components ?? []) {
    const r = row as { custom_id?: unknown; components?: { custom_id?: unknown }[] };
    for (const c of [r, ...(r.components ?? [])]) if (typeof c?.custom_id === "string") ids.push(c.custom_id);
  }
  return ids;
}

/**
 * The bot's own messages in a channel since `since`, newest first, paging back with `before`
 * (`GET /channels/{id}/messages`, which needs Read Message History; a bot always sees its own
 * messages' components). Throws when there are more than it reads: an incomplete listing must
 * not pass for "not there".
 */
export async function ownMessagesSince(rest: REST, botUserId: string, channel: ChannelRef, since: Date): Promise<PostedMessage[]> {
  const out: PostedMessage[] = [];
  let before: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query = new URLSearchParams({ limit: String(PAGE), ...(before ? { before } : {}) });
    const messages = (await rest.get(Routes.channelMessages(channel.channelId), { query })) as APIMessage[];
    for (const m of messages) {
      if (Date.parse(m.timestamp) < since.getTime()) return out;
      if (m.author.id === botUserId)
        out.push({ message: { platform: "discord", channelId: channel.channelId, messageId: m.id }, actionIds: customIdsOfComponents(m.components) });
    }
    if (messages.length < PAGE) return out;
    before = messages.at(-1)!.id;
  }
  throw new Error(`more than ${PAGE * MAX_PAGES} messages in ${channel.channelId} since ${since.toISOString()}; not all read`);
}
