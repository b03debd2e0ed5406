import { describe, expect, it } from "vitest";
import { customIdsOfComponents } from "../../../adapters/discord/history.js";
import { actionIdsOfBlocks } from "../../../adapters/slack/history.js";
import { encodeAction } from "../../../src/core/action-ids.js";
import { postIdOf, postKey } from "../../../src/core/channel-posts/marker.js";
import { retryDelay } from "../../../src/core/channel-posts/retry-policy.js";

const message = (actionIds: string[]) => ({ message: { platform: "slack" as const, channelId: "C1", messageId: "1.1" }, actionIds });

describe("how a channel post is recognised on the platform", () => {
  it("by the post id its vote or full-text buttons carry; other buttons and foreign ids are no marker", () => {
    expect(postIdOf(message([encodeAction({ verb: "channel_vote", postId: 42, choice: "tie" })]))).toBe(42);
    expect(postIdOf(message(["someone-elses-button", encodeAction({ verb: "channel_full_text", postId: 7, part: "prompt" })]))).toBe(7);
    expect(postIdOf(message([encodeAction({ verb: "vote", assignmentId: 42, choice: "1" })]))).toBeUndefined();
    expect(postIdOf(message([]))).toBeUndefined();
  });

  it("reads the ids back from Block Kit (actions and accessories) and from Discord components", () => {
    expect(
      actionIdsOfBlocks([
        { type: "section", accessory: { type: "button", action_id: "a" } },
        { type: "actions", elements: [{ action_id: "b" }, { action_id: "c" }] },
        { type: "header" },
      ]),
    ).toEqual(["a", "b", "c"]);
    expect(
      customIdsOfComponents([
        {
          type: 1,
          components: [
            { type: 2, custom_id: "x" },
            { type: 2, url: "https://e.x" },
          ],
        },
      ]),
    ).toEqual(["x"]);
  });

  it("a send's key is unique per post and fits a Discord nonce (25 characters)", () => {
    const a = postKey({ id: 1, createdAt: new Date("2026-01-05T09:00:00Z") });
    const b = postKey({ id: 2, createdAt: new Date("2026-01-05T09:00:00Z") });
    expect(a).not.toBe(b);
    expect(postKey({ id: 2 ** 40, createdAt: new Date("2099-12-31T23:59:59Z") }).length).toBeLessThanOrEqual(25);
  });

  it("backs off geometrically up to the cap, never sooner than the platform's Retry-After", () => {
    const policy = { attempts: 5, initialDelayMs: 1000, factor: 2, maxDelayMs: 5000 };
    expect([1, 2, 3, 4].map((n) => retryDelay(policy, n))).toEqual([1000, 2000, 4000, 5000]);
    expect(retryDelay(policy, 1, 3000)).toBe(3000);
  });
});
