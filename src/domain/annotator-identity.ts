/**
 * Who an annotator is. Slack user ids belong to a workspace, so a Slack annotator is
 * (slack, team, user). Discord user ids are global: the same person in two servers, or in a DM,
 * is one annotator, so their stored workspace is `DISCORD_ANY_GUILD` whatever server they act
 * from (migration merge_discord_identities merged the identities split before).
 */
const DISCORD_ANY_GUILD = "*";

export interface IdentityKey {
  platform: string;
  workspaceId: string;
  userId: string;
}

/** The key an annotator is stored and found under. */
export function annotatorKey<T extends IdentityKey>(who: T): T {
  return who.platform === "discord" && who.workspaceId !== DISCORD_ANY_GUILD ? { ...who, workspaceId: DISCORD_ANY_GUILD } : who;
}
