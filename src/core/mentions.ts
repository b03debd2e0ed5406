/**
 * Mentions in core text. Slack and Discord both write a channel as `<#id>` and a person as `<@id>`
 * and show them as names (docs.slack.dev/messaging/formatting-message-text#mentioning-users,
 * docs.discord.com/developers/reference#message-formatting), so people read "#labeling" and
 * "@Ana", never an id. Adapters keep exactly these two forms when they escape text; the terminal
 * shows them as they are.
 */
export const mentionChannel = (channelId: string): string => `<#${channelId}>`;

/** A person, by their platform user id. */
const mentionUser = (userId: string): string => `<@${userId}>`;

/** Platforms whose messages render `<#…>` and `<@…>` as names. */
const MENTIONS = new Set(["slack", "discord"]);

/**
 * A channel as a reader on `viewer` sees it: a mention where it lives on that platform, else
 * `platform:id` (a mention of another platform's channel means nothing here).
 */
export function channelFor(viewer: string, channel: { platform: string; channelId: string }): string {
  return viewer === channel.platform && MENTIONS.has(viewer) ? mentionChannel(channel.channelId) : `${channel.platform}:${channel.channelId}`;
}

/** A person as a reader on `viewer` sees them: a mention on their own platform, else their name and platform. */
export function personFor(viewer: string, who: { platform: string; userId: string; displayName?: string | null | undefined }): string {
  if (viewer === who.platform && MENTIONS.has(viewer)) return mentionUser(who.userId);
  return `${who.displayName ?? who.userId} (${who.platform})`;
}
