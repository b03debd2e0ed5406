/**
 * Mentions in core text. Slack and Discord both write a channel as `<#id>` and a person as `<@id>`
 * and show them as names (docs.slack.dev/messaging/formatting-message-text#mentioning-users,
 * docs.discord.com/developers/reference#message-formatting), so people read "#labeling" and
 * "@Ana", never an id. Adapters keep exactly these two forms when they escape text; the terminal
 * shows them as they are.
 */
export const mentionChannel = (channelId: string): string => `<#${channelId}>`;

/** A person, by their platform user id. */
export const mentionUser = (userId: string): string => `<@${userId}>`;

/** The mention forms adapters let through their escaping (ids are letters and digits only). */
export const MENTION = /<([#@][A-Za-z0-9]+)>/g;
