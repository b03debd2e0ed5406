import { encodeAction } from "../../src/core/action-ids.js";
import type { FakeSlack } from "../fakes/fake-slack/server.js";

/**
 * Asks the bot behind `receiver` for each user's next item of `campaign` (25 at a time) and
 * returns each user's assignment id, read off the card sent to their DM (posted to the user id).
 */
export async function nextItems(
  slack: FakeSlack,
  receiver: string,
  users: string[],
  options: { campaign?: string; team?: string } = {},
): Promise<Map<string, number>> {
  const team = options.team ?? "T1";
  for (let i = 0; i < users.length; i += 25) {
    await Promise.all(
      users.slice(i, i + 25).map((u) =>
        slack.send(receiver, {
          team_id: team,
          channel_id: `D${u}`,
          user_id: u,
          user_name: u,
          command: "/pairwise",
          text: `next ${options.campaign ?? "c"}`,
          response_url: slack.responseUrl(),
          trigger_id: slack.issueTrigger(),
        }),
      ),
    );
  }
  const deadline = Date.now() + 10_000;
  while (slack.of("chat.postMessage").length < users.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const map = new Map<string, number>();
  for (const call of slack.of("chat.postMessage")) {
    const m = /"pw1:v:([0-9a-z]+):1"/.exec(JSON.stringify(call.blocks));
    if (m) map.set(String(call.channel), Number.parseInt(m[1]!, 36));
  }
  return map;
}

/** Clicks "Response 1" on a user's card, as Slack sends a block action (signed). */
export function clickVote(slack: FakeSlack, receiver: string, user: string, assignmentId: number, team = "T1") {
  const payload = {
    type: "block_actions",
    user: { id: user, username: user, team_id: team },
    team: { id: team },
    channel: { id: `D${user}` },
    container: { type: "message", message_ts: "1.1", channel_id: `D${user}` },
    message: { ts: "1.1" },
    trigger_id: slack.issueTrigger(),
    response_url: slack.responseUrl(),
    actions: [{ action_id: encodeAction({ verb: "vote", assignmentId, choice: "1" }), type: "button", value: "x" }],
  };
  return slack.send(receiver, { payload: JSON.stringify(payload) });
}
