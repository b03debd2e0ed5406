import { describe, expect, it } from "vitest";
import { parsePollVoterId, pollVoterId } from "../../../src/domain/poll-voter.js";

describe("poll voter ids", () => {
  it("read back what they record", () => {
    const who = { platform: "discord", workspaceId: "G1", userId: "123" };
    expect(pollVoterId(who)).toBe("discord:G1:123");
    expect(parsePollVoterId(pollVoterId(who))).toEqual(who);
  });

  it("leave missing parts empty", () => {
    expect(parsePollVoterId("U1")).toEqual({ platform: "U1", workspaceId: "", userId: "" });
  });
});
