import { describe, expect, it } from "vitest";
import { inPollWorkspace, mayClosePoll, maySeeResults } from "../../../../src/services/polls/poll-access.js";
import type { PollRecord } from "../../../../src/services/polls/find-polls.js";

const poll: PollRecord = {
  id: 1,
  platform: "slack",
  workspaceId: "T1",
  channelId: "C1",
  messageId: "m1",
  creatorUserId: "U1",
  question: "Q?",
  options: ["a", "b"],
  anonymous: false,
  hidden: true,
  multi: false,
  closesAt: 0,
  status: "open",
  salt: null,
  closedAt: null,
};
const never = () => Promise.reject(new Error("lead asked when it does not matter"));

describe("who may do what with a poll", () => {
  it("belongs to its own workspace only", () => {
    expect(inPollWorkspace(poll, { platform: "slack", workspaceId: "T1" })).toBe(true);
    expect(inPollWorkspace(poll, { platform: "slack", workspaceId: "T2" })).toBe(false);
    expect(inPollWorkspace(poll, { platform: "discord", workspaceId: "T1" })).toBe(false);
  });

  it("is closed early by its creator or a lead", () => {
    const by = { platform: "slack", workspaceId: "T1" };
    expect(mayClosePoll(poll, { ...by, userId: "U1", lead: false })).toBe(true);
    expect(mayClosePoll(poll, { ...by, userId: "U9", lead: true })).toBe(true);
    expect(mayClosePoll(poll, { ...by, userId: "U9", lead: false })).toBe(false);
  });

  it("shows hidden counts before the close only to its creator and leads, asking about leads last", async () => {
    expect(await maySeeResults(poll, { userId: "U1", lead: never })).toBe(true);
    expect(await maySeeResults(poll, { userId: "U9", lead: async () => true })).toBe(true);
    expect(await maySeeResults(poll, { userId: "U9", lead: async () => false })).toBe(false);
    expect(await maySeeResults({ ...poll, hidden: false }, { userId: "U9", lead: never })).toBe(true);
    expect(await maySeeResults({ ...poll, status: "closed" }, { userId: "U9", lead: never })).toBe(true);
  });
});
