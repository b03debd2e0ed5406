import { afterEach, describe, expect, it } from "vitest";
import { customIdsOfComponents } from "../../../adapters/discord/history.js";
import { postIdOf } from "../../../src/core/channel-posts/marker.js";
import { startDiscordHarness, type DiscordHarness } from "../../fakes/fake-discord/harness.js";
import type { PendingInteraction, StoredMessage } from "../../fakes/fake-discord/server.js";
import { isAction } from "../../helpers/action-match.js";
import { seedCampaign, seedComparisons } from "../../helpers/core.js";
import { FAST_POST_RETRY, gaps, judgmentCount, postRows, recordingLogger } from "../../helpers/fault-tests.js";
import { waitFor } from "../../helpers/wait-for.js";
import { helpfulnessCampaign } from "../../helpers/campaign-yaml.js";

const CAMPAIGN = helpfulnessCampaign(["discord:900000000000000003"]);
const MESSAGES = /^\/channels\/\d+\/messages$/;
const campaignOption = [{ name: "campaign", type: 3, value: "c" }];

let h: DiscordHarness;
afterEach(async () => h?.close());

async function start(retries = 0) {
  const log = recordingLogger();
  h = await startDiscordHarness({
    leads: [{ platform: "discord", userId: "ULEAD" }],
    postRetry: FAST_POST_RETRY,
    logger: log.logger,
    restOptions: { retries, timeout: 5000 },
  });
  const c = await seedCampaign(h.core, CAMPAIGN);
  seedComparisons(h.core, c.id, 3);
  return log;
}

/** Posts one more item and waits until its row is settled. */
async function postOne(timeoutMs = 5000) {
  const index = postRows(h.core.services.db).length;
  h.discord.command("ULEAD", "post", campaignOption);
  return waitFor(() => postRows(h.core.services.db)[index]?.status === "posted" && postRows(h.core.services.db)[index], "the post to be settled", timeoutMs);
}

const sends = () => h.discord.calls.filter((c) => c.method === "POST" && MESSAGES.test(c.path));
const looks = () => h.discord.calls.filter((c) => c.method === "GET" && MESSAGES.test(c.path));
/** The channel's messages that are channel posts, by the post id their buttons carry. */
const channelPostIds = () =>
  h.messagesIn(h.discord.channelId).flatMap((m) => {
    const id = postIdOf({ message: { platform: "discord", channelId: m.channel_id, messageId: m.id }, actionIds: customIdsOfComponents(m.components) });
    return id === undefined ? [] : [id];
  });
/** The id of the channel message that is `postId`, as the fake holds it. */
const fakeMessageOf = (postId: number) =>
  h
    .messagesIn(h.discord.channelId)
    .find(
      (m) =>
        postIdOf({ message: { platform: "discord", channelId: m.channel_id, messageId: m.id }, actionIds: customIdsOfComponents(m.components) }) === postId,
    )?.id;
const messageOf = (postId: number): StoredMessage => h.discord.messages.get(postRows(h.core.services.db).find((p) => p.id === postId)!.message_id!)!;
function vote(user: string, postId: number, choice = "1"): PendingInteraction {
  const message = messageOf(postId);
  return h.discord.click(user, message, h.discord.customIds(message).find(isAction("channel_vote", (a) => a.postId === postId && a.choice === choice))!);
}
/** Every callback of the interaction, to see it was answered once, in time. */
const answers = (p: PendingInteraction) => h.discord.callbacks(p).map((c) => c.status);

describe("Discord platform faults", () => {
  it("a 5xx storm on the channel-message route: the post is retried with backoff, looked for before each retry, and lands once while votes are served", async () => {
    const log = await start();
    const first = await postOne();
    h.discord.faults({ route: MESSAGES, method: "POST", status: 503, count: 3 });
    const before = sends().length;
    h.discord.command("ULEAD", "post", campaignOption);
    const votes = ["U1", "U2"].map((u) => vote(u, first.id));
    for (const p of votes) await h.answered(p);
    expect(votes.map(answers)).toEqual([[204], [204]]);
    expect(judgmentCount(h.core.services.db)).toBe(2);

    const second = await waitFor(() => postRows(h.core.services.db)[1]?.status === "posted" && postRows(h.core.services.db)[1], "the second post");
    const storm = sends().slice(before);
    expect(storm.map((c) => c.status)).toEqual([503, 503, 503, 200]);
    gaps(storm.map((c) => c.at)).forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(100 * 2 ** i - 5));
    expect(looks().filter((c) => c.at > storm[0]!.at)).toHaveLength(3);
    expect(channelPostIds().sort()).toEqual([first.id, second.id].sort());
    expect(log.lines.join("\n")).not.toContain(h.discord.token);
  });

  it("a 503 whose message went in: the REST client's own retry carries the same nonce and gets that message back", async () => {
    await start(1);
    h.discord.faults({ route: MESSAGES, method: "POST", status: 503, landed: true, count: 1 });
    const post = await postOne();
    expect(sends().map((c) => [c.status, c.landed ?? false])).toEqual([
      [503, true],
      [200, false],
    ]);
    expect(new Set(sends().map((c) => c.body.nonce)).size).toBe(1);
    expect(sends()[0]!.body.enforce_nonce).toBe(true);
    expect(channelPostIds()).toEqual([post.id]);
    expect(post.message_id).toBe(fakeMessageOf(post.id));
  });

  it("a DM whose answer was lost: the REST client's retry carries the message's own nonce and gets it back, one message", async () => {
    await start(1);
    h.discord.faults({ route: /^\/channels\/dm-[^/]+\/messages$/, method: "POST", status: 503, landed: true, count: 1 });
    await h.adapter.postMessage(
      { kind: "direct", user: { platform: "discord", workspaceId: h.discord.guildId, userId: "U7" } },
      { text: "Calibration round result: you passed.", blocks: [{ type: "text", text: "Calibration round result: you passed." }] },
    );
    const dmSends = h.discord.calls.filter((c) => c.method === "POST" && c.path === "/channels/dm-U7/messages");
    expect(dmSends.map((c) => [c.status, c.landed ?? false])).toEqual([
      [503, true],
      [200, false],
    ]);
    expect(new Set(dmSends.map((c) => c.body.nonce)).size).toBe(1);
    expect(h.messagesIn("dm-U7")).toHaveLength(1);
  });

  it("a 5xx storm on message edits: the edit is tried again with backoff and lands", async () => {
    await start(0);
    const post = await postOne();
    const route = new RegExp(`^/channels/\\d+/messages/${post.message_id}$`);
    h.discord.faults({ route, method: "PATCH", status: 503, count: 3 });
    await h.adapter.updateMessage(
      { platform: "discord", channelId: "900000000000000003", messageId: post.message_id! },
      { text: "Revealed: Response 1 2, Response 2 1.", blocks: [{ type: "text", text: "Revealed: Response 1 2, Response 2 1." }] },
    );
    const edits = h.discord.calls.filter((c) => c.method === "PATCH" && route.test(c.path));
    expect(edits.map((c) => c.status)).toEqual([503, 503, 503, 200]);
    // FAST_POST_RETRY: 100, 200, 400 ms apart, growing.
    const spacing = gaps(edits.map((c) => c.at));
    expect(spacing[0]).toBeGreaterThanOrEqual(95);
    expect(spacing[1]).toBeGreaterThanOrEqual(195);
    expect(spacing[2]).toBeGreaterThanOrEqual(395);
  });

  it("a 503 whose message went in, with no transport retry: the core looks, finds it and adopts it", async () => {
    await start(0);
    h.discord.faults({ route: MESSAGES, method: "POST", status: 503, landed: true, count: 1 });
    const post = await postOne();
    expect(sends().map((c) => c.status)).toEqual([503]);
    expect(looks()).toHaveLength(1);
    expect(channelPostIds()).toEqual([post.id]);
    expect(post.message_id).toBe(fakeMessageOf(post.id));
  });

  it("a 429 storm on the channel-message route: Retry-After is waited out before each retry", async () => {
    await start();
    h.discord.faults({ route: MESSAGES, method: "POST", status: 429, retryAfter: 1, count: 2 });
    const post = await postOne();
    expect(sends().map((c) => c.status)).toEqual([429, 429, 200]);
    for (const gap of gaps(sends().map((c) => c.at))) expect(gap).toBeGreaterThanOrEqual(1000);
    expect(looks()).toHaveLength(0);
    expect(channelPostIds()).toEqual([post.id]);
  });

  it("a slow API (1.5 s on every route): every interaction gets its first response in time, votes are stored", async () => {
    await start();
    const post = await postOne();
    const DELAY = 1500;
    h.discord.faults({ delayMs: DELAY });
    const pending = [...["U1", "U2", "U3"].map((u) => vote(u, post.id)), h.discord.command("U4", "stats")];
    for (const p of pending) await h.answered(p);
    for (const p of pending) {
      const [first] = h.discord.callbacks(p);
      // Handled within Discord's 3 s (the fake answers 10062 after that), and sent before any slow call finished.
      expect(first!.status).toBe(204);
      expect(first!.at - p.issuedAt).toBeLessThan(DELAY);
    }
    expect(judgmentCount(h.core.services.db)).toBe(3);
    // The vote confirmations are follow-ups: slow, but they arrive.
    await waitFor(
      () => h.discord.calls.filter((c) => c.method === "POST" && c.path.startsWith("/webhooks/") && c.status === 200).length === 3,
      "three follow-ups",
      4000,
    );
  });

  it("a gateway disconnect and resume mid-session: the event pushed while down is replayed and served, later ones too, each once", async () => {
    await start();
    const post = await postOne();
    const before = vote("U1", post.id);
    await h.answered(before);
    expect(h.discord.dropGateway()).toBe(1);
    const during = vote("U2", post.id); // sent while the bot is disconnected
    await h.discord.resumed(1);
    await h.answered(during);
    const after = vote("U3", post.id);
    await h.answered(after);
    expect(h.discord.gateway.resumes).toEqual([expect.objectContaining({ ok: true, replayed: 1 })]);
    expect([before, during, after].map(answers)).toEqual([[204], [204], [204]]);
    expect(judgmentCount(h.core.services.db)).toBe(3);
    expect(JSON.stringify(messageOf(post.id).embeds)).toContain("Result");
  });

  it("an abnormal close whose resume repeats an event already delivered: that interaction is served once", async () => {
    await start();
    const post = await postOne();
    const first = vote("U1", post.id);
    await h.answered(first, 100);
    h.discord.dropGateway({ abnormal: true, duplicate: 1 });
    await h.discord.resumed(1);
    const next = vote("U2", post.id);
    await h.answered(next, 100);
    expect(h.discord.gateway.resumes).toEqual([expect.objectContaining({ ok: true, replayed: 1 })]);
    // Served twice, the repeat would have answered again (and Discord refused it, 40060).
    expect([first, next].map(answers)).toEqual([[204], [204]]);
    expect(judgmentCount(h.core.services.db)).toBe(2);
  });
});
