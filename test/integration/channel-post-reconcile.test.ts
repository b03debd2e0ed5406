import { describe, expect, it } from "vitest";
import { attachPlatform } from "../../src/app.js";
import { encodeAction } from "../../src/core/action-ids.js";
import type { ChatPlatform, ChannelRef, Destination, MessageRef, PostedMessage, PostOptions } from "../../src/core/platform.js";
import { PlatformSendError } from "../../src/core/platform-errors.js";
import { publishChannelPost } from "../../src/core/channel-posts/publish.js";
import type { MessageView } from "../../src/core/views.js";
import { planChannelPosts } from "../../src/services/post-channel-items.js";
import { FakePlatform } from "../fakes/fake-platform.js";
import { createTestCore, seedCampaign, seedComparisons, type TestCore } from "../helpers/core.js";
import { FAST_POST_RETRY, postRows } from "../helpers/fault-tests.js";

const CAMPAIGN = "name: c\nstatus: active\nguidelines: g\ngoldRate: 0\nqualificationGate: false\npeerReviewRate: 0\nchannels: [slack:C1]\n";

/** A FakePlatform that can list its channel messages, with scripted send failures. */
class ListingPlatform extends FakePlatform implements ChatPlatform {
  readonly messages: PostedMessage[] = [];
  readonly sendFailures: Error[] = [];
  listFailures = 0;
  lists = 0;
  override async postMessage(to: Destination, view: MessageView, options?: PostOptions): Promise<MessageRef> {
    const failure = this.sendFailures.shift();
    if (failure) throw failure;
    const ref = await super.postMessage(to, view);
    const actionIds = view.blocks.flatMap((b) => (b.type === "actions" ? b.buttons.map((x) => x.actionId) : []));
    if (options) this.messages.unshift({ message: ref, actionIds });
    return ref;
  }
  async recentOwnMessages(_channel: ChannelRef, _since: Date): Promise<PostedMessage[]> {
    this.lists++;
    if (this.listFailures-- > 0) throw new Error("history unavailable");
    return [...this.messages];
  }
}

/** A core with `n` posts recorded as `posting` (the intent) and nothing sent. */
async function stuckPosts(n: number): Promise<{ core: TestCore; ids: number[] }> {
  const core = createTestCore({ postRetry: FAST_POST_RETRY });
  const c = await seedCampaign(core, CAMPAIGN);
  seedComparisons(core, c.id, n);
  const { posts } = await planChannelPosts(core.services, { campaign: "c", count: n });
  return { core, ids: posts.map((p) => p.post.id) };
}

/** What a previous run left on the platform: the card of post `id` (its vote buttons carry the id). */
const landed = (id: number, messageId: string): PostedMessage => ({
  message: { platform: "slack", channelId: "C1", messageId },
  actionIds: [encodeAction({ verb: "channel_vote", postId: id, choice: "1" })],
});

describe("reconciling channel posts left in `posting`", () => {
  it("at start: adopts the post found on the platform, posts the one that is not there, lists the channel once", async () => {
    const { core, ids } = await stuckPosts(2);
    const platform = new ListingPlatform("slack");
    platform.messages.push(landed(ids[0]!, "ts-landed"), landed(999, "ts-other"));
    await attachPlatform(core, platform);
    expect(await core.reconciliations.get("slack")).toMatchObject({ adopted: 1, posted: 1 });
    expect(postRows(core.services.db).map((r) => [r.status, r.message_id])).toEqual([
      ["posted", "ts-landed"],
      ["posted", platform.of("postMessage")[0]!.ref.messageId],
    ]);
    expect(platform.of("postMessage")).toHaveLength(1);
    expect(platform.lists).toBe(1);
  });

  it("a platform that cannot list its messages never re-posts blindly: the posts are marked failed", async () => {
    const { core } = await stuckPosts(1);
    const platform = new FakePlatform("slack");
    await attachPlatform(core, platform);
    expect(await core.reconciliations.get("slack")).toMatchObject({ refused: 1 });
    expect(postRows(core.services.db)[0]!.status).toBe("failed");
    expect(platform.of("postMessage")).toHaveLength(0);
  });

  it("when the listing fails, each post is looked for again (with backoff) before it is sent", async () => {
    const { core, ids } = await stuckPosts(1);
    const platform = new ListingPlatform("slack");
    platform.listFailures = 2; // the start listing and the first look fail
    platform.messages.push(landed(ids[0]!, "ts-landed"));
    await attachPlatform(core, platform);
    expect(await core.reconciliations.get("slack")).toMatchObject({ adopted: 1 });
    expect(platform.lists).toBe(3);
    expect(platform.of("postMessage")).toHaveLength(0);
  });

  it("a refusal ends the post as failed at once; a throttled send is retried without a look; an unknown one is looked for first", async () => {
    const { core, ids } = await stuckPosts(2);
    const platform = new ListingPlatform("slack");
    core.platforms.set("slack", platform);
    platform.sendFailures.push(new PlatformSendError("refused", "Slack answered channel_not_found"));
    expect(await publishChannelPost(core.deps, platform, ids[0]!)).toBe("refused");
    expect(postRows(core.services.db)[0]!.status).toBe("failed");

    platform.sendFailures.push(new PlatformSendError("throttled", "rate limited", 50), new PlatformSendError("unknown", "HTTP 503"));
    expect(await publishChannelPost(core.deps, platform, ids[1]!)).toBe("posted");
    // throttled → send again (no look); unknown → look, then send.
    expect(platform.lists).toBe(1);
    expect(platform.of("postMessage")).toHaveLength(1);
  });

  it("gives up after the policy's attempts, leaving the post in `posting` for the next start", async () => {
    const { core, ids } = await stuckPosts(1);
    const platform = new ListingPlatform("slack");
    for (let i = 0; i < FAST_POST_RETRY.attempts; i++) platform.sendFailures.push(new PlatformSendError("unknown", "HTTP 503"));
    core.deps.postRetry = { ...FAST_POST_RETRY, initialDelayMs: 5 };
    expect(await publishChannelPost(core.deps, platform, ids[0]!)).toBe("pending");
    expect(postRows(core.services.db)[0]!.status).toBe("posting");
    expect(platform.lists).toBe(FAST_POST_RETRY.attempts - 1);
  });
});
