/** Someone who votes in a poll, as the platform names them. */
export interface PollVoterRef {
  platform: string;
  workspaceId: string;
  userId: string;
}

/** How a voter in a poll that is not anonymous is recorded: `platform:workspace:user`. */
export const pollVoterId = (who: PollVoterRef): string => `${who.platform}:${who.workspaceId}:${who.userId}`;

/** `pollVoterId` read back (missing parts empty). */
export function parsePollVoterId(id: string): PollVoterRef {
  const [platform = "", workspaceId = "", userId = ""] = id.split(":");
  return { platform, workspaceId, userId };
}
