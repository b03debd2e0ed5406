import { afterEach, describe, expect, it } from "vitest";
import { encodeAction } from "../../../src/core/action-ids.js";
import { startSlackHarness, TEAM, type SlackHarness } from "../../fakes/fake-slack/harness.js";
import { waitFor } from "../../helpers/wait-for.js";
import { seedCampaign, seedComparisons } from "../../helpers/core.js";
import { helpfulnessCampaign } from "../../helpers/campaign-yaml.js";

let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** A block_actions payload as Slack sends it for a button in `channel`. */
function clickPayload(h: SlackHarness, user: string, actionId: string, channel: string): Record<string, string> {
  const ts = "1700000000.000100";
  return {
    payload: JSON.stringify({
      type: "block_actions",
      user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: TEAM },
      api_app_id: "A0001",
      token: "legacy",
      container: { type: "message", message_ts: ts, channel_id: channel, is_ephemeral: false },
      trigger_id: h.slack.issueTrigger(),
      team: { id: TEAM, domain: "test" },
      channel: { id: channel, name: "x" },
      message: { type: "message", ts, text: "x", blocks: [] },
      response_url: h.slack.responseUrl(),
      actions: [
        { action_id: actionId, block_id: "b", text: { type: "plain_text", text: "x" }, value: actionId, type: "button", action_ts: String(Date.now() / 1000) },
      ],
    }),
  };
}

describe("Slack acknowledgements and channels the bot is not in (real Bolt app, fake Slack)", () => {
  it("acknowledges a stale or unknown action id at once and says the button no longer works", async () => {
    h = await startSlackHarness();
    const res = await h.slack.send(h.receiver, clickPayload(h, "U1", "legacy_vote_button", "C0LABEL"));
    expect(res.status).toBe(200);
    const told = await waitFor(() => h!.slack.of("chat.postEphemeral").find((m) => m.user === "U1"), "the stale-button notice");
    expect(String(told.text)).toContain("This button no longer works");
  });

  it("answers a click through its response_url where the bot cannot post (a DM the clicker shares with someone else)", async () => {
    h = await startSlackHarness();
    h.slack.notJoined.add("DPEOPLE");
    const res = await h.slack.send(h.receiver, clickPayload(h, "U1", encodeAction({ verb: "calibration_start", roundId: 999 }), "DPEOPLE"));
    expect(res.status).toBe(200);
    const answer = await waitFor(() => h!.slack.responses.at(-1), "the answer through response_url");
    expect(answer.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(String(answer.body.text).length).toBeGreaterThan(0);
    expect(String(answer.body.text)).not.toContain("Something went wrong");
  });

  it("a poll in a channel the bot is not in: the creator is told at once to invite it; nothing is retried", async () => {
    h = await startSlackHarness({ start: "2026-03-02T10:00:00Z" });
    h.slack.notJoined.add("CSECRET");
    await h.command("U1", 'poll "Ship it?" "Yes" "No"', "CSECRET");
    const told = await waitFor(() => h!.slack.responses.find((r) => String(r.body.text).includes("Poll #1")), "the creator's answer");
    expect(String(told.body.text)).toContain("Poll #1 was not posted: Pairwise is not a member of this channel");
    expect(String(told.body.text)).toContain("/invite @Pairwise");
    expect(String(told.body.text)).not.toContain("going up");
    expect(h.core.services.db.$client.prepare("SELECT status FROM polls").get()).toEqual({ status: "failed" });
    const attempts = () => h!.slack.calls.filter((c) => c.method === "chat.postMessage" && c.args.channel === "CSECRET").length;
    expect(attempts()).toBe(1);
  });

  it("a poll from the form in a channel the bot is not in: told in the DM (a modal has no response_url)", async () => {
    h = await startSlackHarness({ start: "2026-03-02T10:00:00Z" });
    h.slack.notJoined.add("CSECRET");
    await h.command("U1", "poll", "CSECRET");
    await waitFor(() => h!.slack.of("views.open")[0], "the poll form");
    const res = await h.submit("U1", { question: "Ship it?", options: "Yes\nNo", close: "1h", settings: [] });
    expect(res.status).toBe(200);
    const dm = await waitFor(
      () => h!.slack.of("chat.postMessage").find((m) => m.channel === "U1" && String(m.text).includes("Poll #1")),
      "the DM to the creator",
    );
    expect(String(dm.text)).toContain("/invite @Pairwise");
  });

  it("channel posts where the bot is not in the channel: one refused send, the rest not tried, and the lead told by DM how to fix it", async () => {
    h = await startSlackHarness({ leads: [{ platform: "slack", userId: "ULEAD" }] });
    h.slack.notJoined.add("C0LABEL");
    const c = await seedCampaign(h.core, helpfulnessCampaign(["slack:C0LABEL"]));
    seedComparisons(h.core, c.id, 3);
    await h.command("ULEAD", "post c 3");
    const ack = await waitFor(() => h!.slack.responses.find((r) => String(r.body.text).startsWith("Posting")), "the command's answer");
    // The channel is a mention Slack shows by name, not an id.
    expect(String(ack.body.text)).toContain("<#C0LABEL>");
    const dm = await waitFor(() => h!.slack.of("chat.postMessage").find((m) => m.channel === "ULEAD"), "the DM to the lead");
    expect(String(dm.text)).toBe(
      "3 posts of c could not go to <#C0LABEL>: Pairwise is not a member of that channel. To fix it, type `/invite @Pairwise` in that channel, then run `/pairwise post c` again.",
    );
    expect(JSON.stringify(dm.blocks)).toContain("<#C0LABEL>");
    expect(h.slack.calls.filter((call) => call.method === "chat.postMessage" && call.args.channel === "C0LABEL")).toHaveLength(1);
    expect(h.core.services.db.$client.prepare("SELECT status, count(*) AS n FROM channel_posts GROUP BY status").all()).toEqual([{ status: "failed", n: 3 }]);
  });
});
