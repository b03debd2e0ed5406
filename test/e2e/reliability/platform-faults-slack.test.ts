import { afterEach, describe, expect, it } from "vitest";
import { actionIdsOfBlocks } from "../../../adapters/slack/history.js";
import { postIdOf } from "../../../src/core/channel-posts/marker.js";
import { startSlackHarness, type SlackHarness } from "../../fakes/fake-slack/harness.js";
import { isAction } from "../../helpers/action-match.js";
import { seedCampaign, seedComparisons } from "../../helpers/core.js";
import { FAST_POST_RETRY, gaps, judgmentCount, postRows, recordingLogger } from "../../helpers/fault-tests.js";
import { waitFor } from "../../helpers/wait-for.js";
import { helpfulnessCampaign } from "../../helpers/campaign-yaml.js";

const CAMPAIGN = helpfulnessCampaign(["slack:C0LABEL"]);
const TOKEN = "xoxb-test-0000-fake";
/** The WebClient's retries in these tests: 100 then 200 ms apart, not randomized, so the spacing can be asserted. */
const CLIENT_RETRY = { retries: 3, factor: 2, minTimeout: 100, maxTimeout: 1000, randomize: false };

let h: SlackHarness;
afterEach(async () => h?.close());

async function start(extra: { timeout?: number } = {}) {
  const log = recordingLogger();
  h = await startSlackHarness({
    leads: [{ platform: "slack", userId: "ULEAD" }],
    postRetry: FAST_POST_RETRY,
    logger: log.logger,
    clientOptions: { retryConfig: CLIENT_RETRY, ...extra },
  });
  const c = await seedCampaign(h.core, CAMPAIGN);
  seedComparisons(h.core, c.id, 3);
  return log;
}

/** Posts one more item and waits until its row is settled. */
async function postOne(timeoutMs = 5000) {
  const before = postRows(h.core.services.db).length;
  const res = await h.command("ULEAD", "post c 1");
  expect(res.status).toBe(200);
  return waitFor(() => postRows(h.core.services.db)[before]?.status === "posted" && postRows(h.core.services.db)[before], "the post to be settled", timeoutMs);
}

const callsOf = (method: string) => h.slack.calls.filter((c) => c.method === method);
const voteOn = (postId: number, choice = "1") => isAction("channel_vote", (a) => a.postId === postId && a.choice === choice);
/** The channel's messages as Slack holds them, by the post id their buttons carry. */
const channelPostIds = () =>
  h.slack
    .channelMessages("C0LABEL")
    .map((m) =>
      postIdOf({ message: { platform: "slack", channelId: "C0LABEL", messageId: String(m.ts) }, actionIds: actionIdsOfBlocks(m.blocks as unknown[]) }),
    );

describe("Slack platform faults", () => {
  it("a 5xx storm on chat.postMessage: the post is retried with backoff, looked for before each retry, and lands once while votes are served", async () => {
    const log = await start();
    const first = await postOne();
    h.slack.faults({ method: "chat.postMessage", status: 503, count: 3 });
    const sentBefore = callsOf("chat.postMessage").length;
    await h.command("ULEAD", "post c 1");
    // Annotators vote on the first post during the storm: acknowledged at once, stored.
    const clicks = await Promise.all(["U1", "U2"].map((u) => h.click(u, voteOn(first.id), { channel: "C0LABEL" })));
    expect(clicks.map((c) => c.status)).toEqual([200, 200]);
    for (const c of clicks) expect(c.ms).toBeLessThan(3000);
    expect(judgmentCount(h.core.services.db)).toBe(2);

    const second = await waitFor(() => postRows(h.core.services.db)[1]?.status === "posted" && postRows(h.core.services.db)[1], "the second post");
    const sends = callsOf("chat.postMessage").slice(sentBefore);
    expect(sends.map((c) => c.status)).toEqual([503, 503, 503, 200]);
    const spacing = gaps(sends.map((c) => c.at!));
    // 100, 200, 400 ms of backoff (less a few ms of timer slack).
    spacing.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(100 * 2 ** i - 5));
    // Before every retry it looked: a 503 may hide a message that went in.
    const looks = callsOf("conversations.history").filter((c) => c.at! > sends[0]!.at!);
    expect(looks).toHaveLength(3);
    expect(channelPostIds()).toEqual([first.id, second.id]);
    expect(second.message_id).toBe(String(sends[3]!.result!.ts));
    expect(log.has("channel post failed; retrying")).toBe(true);
    expect(log.lines.join("\n")).not.toContain(TOKEN);
  });

  it("a 503 whose message went in anyway: found on the platform and adopted, never posted twice", async () => {
    await start();
    h.slack.faults({ method: "chat.postMessage", status: 503, landed: true, count: 1 });
    const post = await postOne();
    expect(callsOf("chat.postMessage").map((c) => [c.status, c.landed ?? false])).toEqual([[503, true]]);
    expect(callsOf("conversations.history")).toHaveLength(1);
    expect(h.slack.channelMessages("C0LABEL")).toHaveLength(1);
    expect(post.message_id).toBe(String(h.slack.channelMessages("C0LABEL")[0]!.ts));
  });

  it("a DM card whose answer was lost is found in the DM and not sent again; the vote on it is served", async () => {
    await start();
    h.slack.faults({ method: "chat.postMessage", status: 503, landed: true, count: 1 });
    expect((await h.command("U1", "next c")).status).toBe(200);
    await waitFor(() => callsOf("conversations.history").length === 1 && h.slack.channelMessages("D1").length === 1, "the card to be looked for in the DM");
    await h.settle();
    expect(
      callsOf("chat.postMessage")
        .filter((c) => c.args.channel === "U1")
        .map((c) => [c.status, c.landed ?? false]),
    ).toEqual([[503, true]]);
    expect(callsOf("conversations.history")[0]!.args.channel).toBe("D1");
    expect(h.slack.channelMessages("D1")).toHaveLength(1);
    h.core.clock.advance(60_000);
    expect((await h.click("U1", isAction("vote"), { channel: "D1" })).status).toBe(200);
    expect(judgmentCount(h.core.services.db)).toBe(1);
  });

  it("a DM card whose answer was lost is not sent again when the DM cannot be read; next brings the same card back", async () => {
    const log = await start();
    h.slack.faults({ method: "chat.postMessage", status: 503, landed: false, count: 1 });
    // An app installed before im:history was in the manifest: Slack answers missing_scope.
    h.slack.faults({ method: "conversations.history", status: 200, error: "missing_scope" });
    await h.command("U1", "next c");
    await waitFor(() => log.has("could not read the DM"), "the refusal to send blind");
    await h.settle();
    expect(callsOf("chat.postMessage").filter((c) => c.args.channel === "U1")).toHaveLength(1);
    expect(h.slack.channelMessages("D1")).toHaveLength(0);
    await h.command("U1", "next c");
    await waitFor(() => h.slack.channelMessages("D1").length === 1, "the card, asked for again");
    const assignments = h.core.services.db.$client.prepare("SELECT count(*) AS n FROM assignments").get() as { n: number };
    expect(assignments.n).toBe(1);
  });

  it("a vote on a post whose answer never came adopts it; the send that then times out posts nothing more", async () => {
    const log = await start({ timeout: 600 });
    h.slack.faults({ method: "chat.postMessage", hang: true, count: 1 });
    await h.command("ULEAD", "post c 1");
    await waitFor(() => h.slack.channelMessages("C0LABEL").length === 1, "the message to be in the channel");
    const postId = postRows(h.core.services.db)[0]!.id;
    expect(postRows(h.core.services.db)[0]!.status).toBe("posting");
    const click = await h.click("U1", voteOn(postId), { channel: "C0LABEL" });
    expect(click.status).toBe(200);
    expect(postRows(h.core.services.db)[0]).toMatchObject({ status: "posted", message_id: String(h.slack.channelMessages("C0LABEL")[0]!.ts) });
    // The hung send times out (600 ms), is logged, and the retry finds the post settled.
    await waitFor(() => log.has("channel post failed; retrying"), "the timed-out send to be logged", 3000);
    await new Promise((resolve) => setTimeout(resolve, FAST_POST_RETRY.initialDelayMs + 100));
    expect(callsOf("chat.postMessage")).toHaveLength(1);
    expect(h.slack.channelMessages("C0LABEL")).toHaveLength(1);
    expect(judgmentCount(h.core.services.db)).toBe(1);
  });

  it("a 5xx storm on chat.update while annotators vote: every vote is acknowledged and stored, the card update is retried with backoff and lands", async () => {
    await start();
    const post = await postOne();
    h.slack.faults({ method: "chat.update", status: 503, count: 2 });
    const click = await h.click("U1", voteOn(post.id), { channel: "C0LABEL" });
    expect(click.status).toBe(200);
    expect(click.ms).toBeLessThan(3000);
    expect(judgmentCount(h.core.services.db)).toBe(1);
    await waitFor(() => callsOf("chat.update").some((c) => c.status === 200), "the card update to land");
    const updates = callsOf("chat.update");
    expect(updates.map((c) => c.status)).toEqual([503, 503, 200]);
    const spacing = gaps(updates.map((c) => c.at!));
    expect(spacing[0]).toBeGreaterThanOrEqual(95);
    expect(spacing[1]).toBeGreaterThanOrEqual(195);
    expect(JSON.stringify(h.slack.channelMessages("C0LABEL")[0]!.blocks)).toContain("1 of 3 votes");
    // The storm is over: the next votes update the card once each, and the third reveals the split.
    for (const u of ["U2", "U3"]) expect((await h.click(u, voteOn(post.id), { channel: "C0LABEL" })).status).toBe(200);
    await waitFor(() => callsOf("chat.update").filter((c) => c.status === 200).length === 3, "three card updates");
    expect(judgmentCount(h.core.services.db)).toBe(3);
    expect(JSON.stringify(h.slack.channelMessages("C0LABEL")[0]!.blocks)).toContain("Result");
    expect(h.slack.channelMessages("C0LABEL")).toHaveLength(1);
  });

  it("a 429 storm on the channel post: each retry waits out Retry-After, and a rate-limited send is not looked for (it was not taken)", async () => {
    await start();
    h.slack.faults({ method: "chat.postMessage", status: 429, retryAfter: 1, count: 2 });
    const post = await postOne();
    const sends = callsOf("chat.postMessage");
    expect(sends.map((c) => c.status)).toEqual([429, 429, 200]);
    for (const gap of gaps(sends.map((c) => c.at!))) expect(gap).toBeGreaterThanOrEqual(1000);
    expect(callsOf("conversations.history")).toHaveLength(0);
    expect(channelPostIds()).toEqual([post.id]);
  });

  it("a 429 on every method while annotators vote: the acks need no Web API call, and no method is called again before Retry-After", async () => {
    await start();
    const post = await postOne();
    const before = h.slack.calls.length;
    h.slack.faults({ status: 429, retryAfter: 1, count: 2 });
    const clicks = await Promise.all(["U1", "U2"].map((u) => h.click(u, voteOn(post.id), { channel: "C0LABEL" })));
    expect(clicks.map((c) => c.status)).toEqual([200, 200]);
    for (const c of clicks) expect(c.ms).toBeLessThan(3000);
    expect(judgmentCount(h.core.services.db)).toBe(2);
    await waitFor(
      () => callsOf("chat.update").filter((c) => c.status === 200).length === 2 && callsOf("chat.postEphemeral").filter((c) => c.status === 200).length === 2,
      "both votes' updates and notes",
      6000,
    );
    const during = h.slack.calls.slice(before);
    expect(during.filter((c) => c.status === 429)).toHaveLength(2);
    for (const limited of during.filter((c) => c.status === 429)) {
      // Its retry: the same call again (another vote's call to the same method may be in flight at once).
      const same = JSON.stringify(limited.args);
      const next = during.find((c) => c.method === limited.method && c.at! > limited.at! && JSON.stringify(c.args) === same);
      expect(next!.at! - limited.at!).toBeGreaterThanOrEqual(1000);
    }
    expect(JSON.stringify(h.slack.channelMessages("C0LABEL")[0]!.blocks)).toContain("2 of 3 votes");
  });

  it("a slow Web API (1.5 s a call): clicks and commands are acknowledged before any Web API call, votes stored, the modal still opens on its trigger", async () => {
    await start();
    const post = await postOne();
    const DELAY = 1500;
    h.slack.faults({ delayMs: DELAY });
    const clicks = await Promise.all(["U1", "U2", "U3"].map((u) => h.click(u, voteOn(post.id), { channel: "C0LABEL" })));
    const next = await h.command("U4", "next c");
    expect([...clicks, next].map((c) => c.status)).toEqual([200, 200, 200, 200]);
    // The acks come first (well inside 3 s): had one waited for a Web API call, it would take longer than DELAY.
    for (const c of [...clicks, next]) expect(c.ms).toBeLessThan(DELAY);
    expect(judgmentCount(h.core.services.db)).toBe(3);
    // U4's card arrives late; the vote on it is acknowledged at once, and its rationale form opens on a fresh trigger.
    await waitFor(() => h.slack.of("chat.postMessage").some((a) => a.channel === "U4"), "U4's card", 4000);
    h.core.clock.advance(60_000);
    const vote = await h.click("U4", (id) => id.startsWith("pw1:v:"));
    expect(vote.status).toBe(200);
    expect(vote.ms).toBeLessThan(DELAY);
    await waitFor(() => h.slack.of("chat.update").some((a) => a.channel === "D4"), "U4's card update", 4000);
    // views.open is the first call after this ack; the fake handles it 1.5 s later, inside the trigger's 3 s.
    const rationale = await h.click("U4", (id) => id.startsWith("pw1:r:"));
    expect(rationale.ms).toBeLessThan(DELAY);
    await waitFor(() => h.slack.calls.some((c) => c.method === "views.open"), "views.open", 4000);
    expect(h.slack.calls.filter((c) => c.method === "views.open").map((c) => c.result?.ok)).toEqual([true]);
    expect(judgmentCount(h.core.services.db)).toBe(4);
    expect(h.slack.refused()).toEqual([]);
  });
});
